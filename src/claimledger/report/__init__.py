"""Views of the reconciled ledger: the situation briefing and its timeline charts."""
from .brief import Briefing, build_briefing, render_html, render_markdown, write_briefing
from .charts import timeline_chart

__all__ = ["Briefing", "build_briefing", "render_html", "render_markdown", "timeline_chart", "write_briefing"]
