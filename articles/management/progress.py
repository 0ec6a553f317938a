"""A progress bar for management commands, written to their stderr."""


class Progress:
    """A one-line progress bar on a terminal, a line per step otherwise (logs, CI)."""

    WIDTH = 30

    def __init__(self, stream, total: int):
        self.stream = stream
        self.total = total
        self.count = 0
        self.tty = stream.isatty()

    def step(self, label: str = "", count: int = 1) -> None:
        self.count += count
        if self.total < 2:
            return
        filled = self.WIDTH * self.count // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = f"[{bar}] {self.count}/{self.total} {label}".rstrip()
        if self.tty:
            self.stream.write(f"\r{line[:100]:<100}", ending="")
            self.stream.flush()
        else:
            self.stream.write(line)

    def done(self) -> None:
        if self.tty and self.total >= 2:
            self.stream.write("")
