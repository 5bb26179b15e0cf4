"""structured_data: JSON-LD, Open Graph and Twitter cards (work in progress)."""


def register() -> None:
    pass
