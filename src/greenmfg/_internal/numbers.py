"""How numbers appear inside explained formulas."""


def g(x: float) -> str:
    """Up to 10 significant digits, no float noise.

    >>> g(0.1 + 0.2)
    '0.3'
    """
    return f"{x:.10g}"
