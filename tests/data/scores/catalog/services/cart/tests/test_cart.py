def test_cart(): pass
