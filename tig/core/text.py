"""Texts the platform writes from what users typed: made to fit their column."""

ELLIPSIS = "…"


def fit(text: str, max_length: int) -> str:
    """The text cut to max_length characters at most, an ellipsis marking the cut (a title made
    from a post's 200-character title must still fit a 200-character column)."""
    if len(text) <= max_length:
        return text
    return text[: max_length - len(ELLIPSIS)].rstrip() + ELLIPSIS
