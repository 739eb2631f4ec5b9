"""A local replay of the real sites cswatch crawls (see DESIGN.md, "The sample web")."""

from sampleweb.server import SITES_ROOT, LoggedRequest, SampleWeb

__all__ = ["SITES_ROOT", "LoggedRequest", "SampleWeb"]
