"""search_index: the Pagefind index of the built site (work in progress)."""


def register() -> None:
    pass
