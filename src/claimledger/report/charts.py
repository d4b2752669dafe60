"""Timeline charts of figures (SVG or PNG bytes), drawn with matplotlib.

One chart per figure: each underlying claim is a point at its date, coloured
by its origin (the source it comes from), with a vertical bar for its bounds
(a range, or an open "at least"); the best estimate of each period is joined
by a line and its reliable low-high span shaded. Text in SVG output is drawn
as glyph outlines, so no string from an article ends up as markup.
"""
from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from ..reconcile.figures import Figure

_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
           "#7f7f7f", "#bcbd22"]
_MARKERS = ["o", "s", "D", "^", "v", "P", "X", "h", "<", ">"]


def timeline_chart(figure: "Figure", fmt: str = "svg", *, width: float = 7.5, height: float = 4.2,
                   title: Optional[str] = None) -> bytes:
    """The figure's timeline as ``fmt`` ("svg" or "png") bytes."""
    if fmt not in ("svg", "png"):
        raise ValueError("chart format: svg or png")
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "claimledger"  # stable ids: the same figure gives the same file
    matplotlib.rcParams["svg.fonttype"] = "path"
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width, height), dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    dated = [p for p in figure.points if p.date and p.central is not None]
    origins: dict[str, int] = {}
    for p in dated:
        origins.setdefault(p.origin_key, len(origins))

    # best estimate per period, with its reliable low-high span
    hist = [e for e in figure.history if e.best_value is not None]
    if hist:
        xs = [date.fromisoformat(e.period_end) for e in hist]
        ax.plot(xs, [e.best_value for e in hist], color="#444444", lw=1.2, ls="--", zorder=1,
                label="best estimate per period")
        for e, x in zip(hist, xs):
            if e.low is not None and e.high is not None and e.high > e.low:
                ax.vlines(x, e.low, e.high, color="#bbbbbb", lw=9, alpha=0.5, zorder=0)

    labelled: set[str] = set()
    ymax = 0.0
    for p in dated:
        i = origins[p.origin_key] % len(_COLORS)
        x = date.fromisoformat(p.date)
        y = p.central
        ymax = max(ymax, y, p.hi or 0)
        label = None
        if p.origin_key not in labelled:
            labelled.add(p.origin_key)
            label = _short(p.chain_text())
        size = 6 + 2 * min(len(p.outlets) - 1, 4)  # restated claims draw larger
        if p.lo is not None and p.hi is not None and p.hi > p.lo:
            ax.vlines(x, p.lo, p.hi, color=_COLORS[i], lw=1.5, zorder=2)
        elif p.hi is None and p.lo is not None and p.qualifier in ("at_least", "vague"):
            ax.annotate("", xy=(x, p.lo * 1.25 + 1), xytext=(x, p.lo),
                        arrowprops={"arrowstyle": "->", "color": _COLORS[i]}, zorder=2)
        ax.plot([x], [y], marker=_MARKERS[i % len(_MARKERS)], ms=size, color=_COLORS[i], ls="none",
                label=label, zorder=3, mec="white", mew=0.8)
        ax.annotate(p.value_text(), (x, y), textcoords="offset points", xytext=(5, 5), fontsize=7, color="#333333")

    ax.set_title(title or figure.label, fontsize=10, loc="left")
    ax.set_ylabel(figure.metric)
    ax.set_ylim(bottom=0, top=max(1.0, ymax * 1.25))
    ax.grid(True, axis="y", color="#e5e5e5", lw=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if dated:
        loc = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(loc)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
        xs_all = [date.fromisoformat(p.date) for p in dated]
        if min(xs_all) == max(xs_all):
            from datetime import timedelta

            ax.set_xlim(min(xs_all) - timedelta(days=15), max(xs_all) + timedelta(days=15))
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
    else:
        ax.text(0.5, 0.5, "no dated claims", transform=ax.transAxes, ha="center", va="center", color="#777777")
    fig.tight_layout()
    buf = io.BytesIO()
    meta = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buf, format=fmt, metadata=meta)
    return buf.getvalue()


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
