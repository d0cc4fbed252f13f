""""Did you mean" for dangling references, and that it stays quick on a large index."""

from __future__ import annotations

import time

from catalog_lint.org.suggest import SuggestionIndex

REFS = ["component:default/cart-service", "api:default/cart-api", "group:default/team-cart",
        "component:default/payments", "group:platform/team-cart", "port:service/Checkout"]


def test_the_same_name_under_another_kind_or_namespace() -> None:
    index = SuggestionIndex(REFS)
    assert index.suggest("component:default/cart-api") == ["api:default/cart-api"]
    assert index.suggest("group:other/team-cart") == ["group:default/team-cart", "group:platform/team-cart"]


def test_separators_case_and_one_typo() -> None:
    index = SuggestionIndex(REFS)
    assert index.suggest("component:default/cart_service") == ["component:default/cart-service"]
    assert index.suggest("component:default/cart-servce") == ["component:default/cart-service"]
    assert index.suggest("component:default/paymnets") == ["component:default/payments"]
    assert index.suggest("port:service/checkout") == ["port:service/Checkout"]


def test_nothing_close_gives_nothing() -> None:
    assert SuggestionIndex(REFS).suggest("component:default/inventory") == []


def test_a_large_index_answers_quickly() -> None:
    refs = [f"component:default/service-{i:06d}-{i * 7919 % 100_003:05d}" for i in range(100_000)]
    index = SuggestionIndex(refs)
    started = time.monotonic()
    for i in range(300):
        index.suggest(f"component:default/servce-{i:06d}-x")
    assert time.monotonic() - started < 5  # difflib over 100,000 names took minutes
    assert index.suggest("component:default/service-000001-07919x") == ["component:default/service-000001-07919"]
    assert index.suggest("component:default/service-000001-09719") == ["component:default/service-000001-07919"]


def test_one_edit_through_the_index_of_deletions() -> None:
    refs = [f"group:default/team-{word}" for word in ("cart", "carts", "payments", "search")]
    index = SuggestionIndex(refs)
    assert index.suggest("group:default/team-crat") == ["group:default/team-cart"]  # swapped
    assert index.suggest("group:default/team-cort") == ["group:default/team-cart"]  # replaced
    assert index.suggest("group:default/team-payment") == ["group:default/team-payments"]  # missing
    assert index.suggest("group:default/team-searchh") == ["group:default/team-search"]  # extra
    assert index.suggest("group:default/team-cars") == ["group:default/team-cart", "group:default/team-carts"]
