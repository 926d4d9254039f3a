"""Knowledge collections: ids added and removed, in any order."""

from __future__ import annotations

from agents_ui.compare import AGENT_FIELDS, IdListDiff

COLLECTIONS = AGENT_FIELDS["collection_ids"]


def test_the_order_of_collections_does_not_matter():
    assert not COLLECTIONS.has_changed(["col_a", "col_b"], ["col_b", "col_a"])


def test_no_collections_and_an_empty_list_are_the_same():
    assert not COLLECTIONS.has_changed(None, [])


def test_an_added_collection_is_a_change():
    assert COLLECTIONS.has_changed(["col_a"], ["col_a", "col_b"])


def test_no_collections_read_as_such():
    assert COLLECTIONS.display([]) == "No knowledge collections"
    assert COLLECTIONS.display(None) == "No knowledge collections"
    assert COLLECTIONS.display(["col_a", "col_b"]) == "col_a, col_b"


def test_the_summary_names_added_and_removed_collections():
    assert COLLECTIONS.summary(["col_a", "col_b"], ["col_b", "col_c"]) == (
        "added collection col_c; removed col_a"
    )
    assert COLLECTIONS.summary([], ["col_a", "col_b"]) == "added collections col_a, col_b"
    assert COLLECTIONS.summary(["col_a"], []) == "removed collection col_a"


def test_the_diff_lists_added_removed_and_kept_ids():
    assert COLLECTIONS.diff(["col_a", "col_b"], ["col_b", "col_c"]) == IdListDiff(
        added=("col_c",), removed=("col_a",), kept=("col_b",)
    )
