class PipelineError(Exception):
    """A problem with the input or the environment, reported to the user as one line."""
