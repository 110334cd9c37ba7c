"""The one exception every service raises to refuse a change."""


class Refusal(Exception):
    """A rule refused the change. `code` is for machines and tests, `message` for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
