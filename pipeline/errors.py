class PipelineError(Exception):
    """A problem with the input or the environment, reported to the user as one line."""


def describe(exc: BaseException) -> str:
    """A failure as the user is told it: one line. A PipelineError or an
    OSError is the input's or the environment's; anything else is a bug."""
    if isinstance(exc, PipelineError):
        message = str(exc)
    elif isinstance(exc, OSError):
        message = f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc.strerror or exc)
    else:
        message = f"internal error ({type(exc).__name__}: {exc}); run with --debug for the traceback and report it"
    return message.splitlines()[0] if message else "failed"
