def test_refund_is_negative() -> None:
    assert -10 < 0
