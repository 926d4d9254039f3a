# Switchboard — production image. The same steps as the Makefile: install the pinned
# requirements, collect static files, migrate both databases, serve with gunicorn.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000 \
    DATABASE_URL=sqlite:////app/data/db.sqlite3 \
    SANDBOX_DATABASE_URL=sqlite:////app/data/sandbox.sqlite3

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# collectstatic needs settings that load: throwaway values, used only for this step.
RUN DJANGO_SECRET_KEY=build-only XAI_API_BASE_URL=sandbox \
    FIELD_ENCRYPTION_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    python manage.py collectstatic --noinput

RUN useradd --create-home --uid 10001 switchboard \
    && mkdir -p /app/data && chown -R switchboard:switchboard /app/data
USER switchboard

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/healthz', timeout=4)" || exit 1

# Migrate both databases at start (the sandbox's too, in case XAI_API_BASE_URL=sandbox),
# then serve. Requires DJANGO_SECRET_KEY, XAI_API_BASE_URL and FIELD_ENCRYPTION_KEYS.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py migrate --noinput --database sandbox && exec gunicorn dashboard.wsgi --bind 0.0.0.0:${PORT} --workers 3 --threads 4 --access-logfile -"]
