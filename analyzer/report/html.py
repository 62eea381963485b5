"""HTML: one self-contained page (inline CSS and SVG, no script, no network), readable offline and as a
CI artifact. The verdict first, then what to do (the upgrade path), the scorecard of the twelve
primitives with links into code excerpts, the exposure profile, the agent's anatomy as a picture,
the findings under their primitive with their code, and what was read.
"""

from __future__ import annotations

from html import escape

from analyzer.domain import Finding, Report
from analyzer.report.anatomy_svg import render_anatomy_svg
from analyzer.report.excerpts import ExcerptBook, Excerpt
from analyzer.report.options import RenderOptions
from analyzer.report.view import findings_by_primitive, location, severity_note, short_message, shown_path, verdict_line

_NO_GATE = '<strong class="note">no gate</strong>'
_STATUS_LABEL = {"present": "present", "partial": "partial", "absent": "absent", "not-applicable": "n/a"}

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2937; background: #ffffff; }
main { max-width: 1260px; margin: 0 auto; padding: 0 20px 40px; }
a { color: #1d4ed8; }
a:focus-visible, summary:focus-visible, [tabindex]:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
svg a:focus-visible rect { stroke: #1d4ed8; stroke-width: 4; }
.skip { position: absolute; left: -999px; top: 0; background: #ffffff; padding: 6px 10px; }
.skip:focus { left: 10px; }
h1 { font-size: 24px; margin: 20px 0 6px; }
h2 { font-size: 20px; margin: 32px 0 10px; border-bottom: 1px solid #d1d5db; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
.verdict { padding: 12px 16px; border-radius: 6px; font-weight: 700; font-size: 17px; }
.verdict.fail { background: #fde8e8; color: #8a1c1c; border: 2px solid #b3261e; }
.verdict.pass { background: #e3f4e8; color: #14532d; border: 2px solid #1b6e3a; }
.meta { color: #374151; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #e5e7eb; }
th { background: #f3f4f6; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 13px; font-weight: 600; white-space: nowrap; }
.sev-critical { background: #7f1d1d; color: #ffffff; }
.sev-high { background: #b3261e; color: #ffffff; }
.sev-medium { background: #fff3cd; color: #5c3d00; }
.sev-low { background: #dbeafe; color: #1e3a8a; }
.sev-info { background: #e5e7eb; color: #1f2937; }
.st-present { background: #d1e7dd; color: #0f5132; }
.st-partial { background: #fff3cd; color: #5c3d00; }
.st-absent { background: #f8d7da; color: #842029; }
.st-not-applicable { background: #e5e7eb; color: #1f2937; }
ol.steps > li { margin-bottom: 12px; }
.why { color: #374151; }
.note { color: #8a1c1c; font-weight: 600; }
ul.evidence { margin: 0; padding-left: 18px; }
pre.code { background: #f8fafc; border: 1px solid #e5e7eb; border-radius: 4px; padding: 6px 0; overflow-x: auto; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.code span.ln { display: inline-block; width: 4em; padding-right: 8px; text-align: right; color: #4b5563; user-select: none; }
pre.code span.hit { background: #fff3cd; display: inline-block; width: 100%; }
.finding { border-left: 4px solid #d1d5db; padding: 4px 12px; margin: 10px 0; }
.finding.sev-edge-critical, .finding.sev-edge-high { border-left-color: #b3261e; }
.finding.sev-edge-medium { border-left-color: #a16207; }
.graph { overflow-x: auto; border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px; }
svg.anatomy { max-width: 100%; height: auto; display: block; }
svg.anatomy text { font: 12px system-ui, sans-serif; fill: #1f2937; }
svg.anatomy text.column { font-weight: 700; font-size: 13px; }
svg.anatomy text.node-label { font-weight: 600; }
svg.anatomy text.node-sub { fill: #374151; font-size: 11px; }
svg.anatomy text.edge-label { font-size: 11px; font-weight: 700; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
svg.anatomy .edge-label[fill="#b3261e"] { fill: #b3261e; }
svg.anatomy .edge-label[fill="#1b6e3a"] { fill: #1b6e3a; }
.legend span { margin-right: 14px; }
.excerpt-file { color: #374151; font-weight: 600; margin: 12px 0 2px; }
"""


def render_html(report: Report, options: RenderOptions = RenderOptions()) -> str:
    book = ExcerptBook(report.cwd_prefix if report.cwd_prefix != "." else "")
    failing = bool(report.failing_findings())
    body: list[str] = [
        '<a class="skip" href="#fix-first">Skip to what to do first</a>',
        "<main>",
        '<header><h1>harness-audit report</h1>',
        f'<p class="verdict {"fail" if failing else "pass"}" role="status">{escape(verdict_line(report))}</p>',
        f'<p class="meta">{escape(report.summary)}</p>',
    ]
    if report.frameworks:
        body.append(f'<p class="meta">Frameworks and SDKs: {escape(", ".join(report.frameworks))}</p>')
    body.append(f'<p class="meta">harness-audit {escape(report.tool_version)}, report schema {escape(report.schema_version)}'
                f'{", audited folder " + escape(report.cwd_prefix) if report.cwd_prefix else ""}.</p></header>')
    body += _upgrade_path(report, book)
    if report.agent_detected:
        body += _scorecard(report, book)
        body += _exposure(report, book)
        body += _anatomy(report, book)
    body += _findings(report, book)
    body += _documents_and_files(report)
    body += _excerpt_appendix(book)
    body.append("</main>")
    title = "harness-audit: " + verdict_line(report)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def _badge(kind: str, value: str, label: str | None = None) -> str:
    return f'<span class="badge {kind}-{escape(value)}">{escape(label or value)}</span>'


def _place_link(report: Report, book: ExcerptBook, path: str, line: int, text: str | None = None) -> str:
    anchor = book.anchor(path, line)
    shown = escape(text or location(report, path, line))
    return f'<a href="#{anchor}">{shown}</a>' if anchor else f"<code>{shown}</code>"


def _upgrade_path(report: Report, book: ExcerptBook) -> list[str]:
    out = ['<section aria-labelledby="fix-first"><h2 id="fix-first" tabindex="-1">What to do first</h2>']
    if not report.upgrade_path:
        return out + ["<p>Nothing to fix: no primitive is missing and no rule hit is open.</p></section>"]
    out.append("<p>The most urgent fix first; a step another one needs comes before it and says so.</p>")
    out.append('<ol class="steps">')
    for step in report.upgrade_path:
        where = ", ".join(
            _place_link(report, book, p.path, p.line,
                        f"{location(report, p.path, p.line)} {p.function + '()' if p.function else '(module level)'}")
            for p in step.where)
        items = "".join(f"<li>{escape(item)}</li>" for item in step.steps)
        out.append(
            f"<li><strong>{escape(step.primitive)} {escape(step.title)}</strong> {_badge('sev', step.severity)} "
            f"{_badge('st', step.status, _STATUS_LABEL.get(step.status, step.status))}"
            f'<div class="why">{escape(step.reason)}</div>'
            + (f"<div>Change: {where}</div>" if where else "")
            + (f"<details><summary>How ({len(step.steps)} steps)</summary><ol>{items}</ol></details>" if items else "")
            + "</li>")
    out.append("</ol></section>")
    return out


def _scorecard(report: Report, book: ExcerptBook) -> list[str]:
    severity = {g.primitive: g.severity for g in findings_by_primitive(report)}
    out = ['<section aria-labelledby="scorecard"><h2 id="scorecard">Scorecard: the twelve primitives</h2>',
           "<table><thead><tr><th scope=\"col\">Primitive</th><th scope=\"col\">Status</th>"
           "<th scope=\"col\">Most severe finding</th><th scope=\"col\">Evidence</th></tr></thead><tbody>"]
    for v in report.primitives:
        evidence = [f"<li>{_place_link(report, book, e.path, e.line)} {escape(e.component)}"
                    f"{' (weak)' if e.strength == 'weak' else ''}: {escape(e.detail)}</li>" for e in v.evidence]
        evidence += [f"<li>not counted (nothing calls it): {_place_link(report, book, e.path, e.line)} {escape(e.detail)}</li>"
                     for e in v.discounted]
        evidence += [f"<li>document ({escape(c.firmness)}): {_place_link(report, book, c.path, c.line)} {escape(c.text)}</li>"
                     for c in v.claims]
        evidence += [f"<li>config: {_place_link(report, book, e.path, e.line)} {escape(e.component)}: {escape(e.detail)}</li>"
                     for e in v.config_evidence if e not in v.evidence]  # agent-config mode: already the evidence
        if report.mode == "code+agent-config" and v.config_status:
            evidence.append(f"<li>agent-client set-up: {escape(v.config_status)}</li>")
        missing = f"<div>missing: {escape(', '.join(v.missing))}</div>" if v.missing and v.status == "partial" else ""
        found = f'<a href="#group-{v.id}">{_badge("sev", severity[v.id])}</a>' if v.id in severity else "none"
        listed = '<ul class="evidence">' + "".join(evidence) + "</ul>" if evidence else "none found"
        out.append(f'<tr><th scope="row">{escape(v.id)} {escape(v.title)}</th>'
                   f"<td>{_badge('st', v.status, _STATUS_LABEL.get(v.status))}</td><td>{found}</td>"
                   f"<td>{listed}{missing}</td></tr>")
    out.append("</tbody></table></section>")
    return out


def _exposure(report: Report, book: ExcerptBook) -> list[str]:
    exposure = report.exposure
    out = ['<section aria-labelledby="exposure"><h2 id="exposure">Exposure profile</h2>',
           f"<p>Level <strong>{escape(exposure.level)}</strong>: "
           f"{escape(', '.join(exposure.kinds) or 'no side-effecting tools found')}.</p>"]
    if exposure.items:
        out.append('<table><thead><tr><th scope="col">Kind</th><th scope="col">Where</th><th scope="col">What</th></tr></thead><tbody>')
        out += [f"<tr><td>{escape(i.kind)}</td><td>{_place_link(report, book, i.path, i.line)}</td><td>{escape(i.detail)}</td></tr>"
                for i in exposure.items]
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def _anatomy(report: Report, book: ExcerptBook) -> list[str]:
    out = ['<section aria-labelledby="anatomy"><h2 id="anatomy">The agent\'s anatomy</h2>']
    anatomy = report.anatomy
    if not anatomy or not any(anatomy.get(k) for k in ("model_calls", "loops", "dispatches", "tools")):
        return out + ["<p>No agent loop, dispatch or tool was modelled in this project.</p></section>"]
    out.append('<p class="legend"><span>Red: a risky side effect, or an edge with no gate.</span>'
               '<span>Green: gated, or bounded.</span><span>Dashed box: not reached from an entry point.</span></p>')
    out.append('<div class="graph">' + render_anatomy_svg(anatomy, lambda path, line: book.anchor(path, line)) + "</div>")
    tools = anatomy.get("tools", [])
    if tools:
        out.append('<h3>Tools and what they reach</h3><table><thead><tr><th scope="col">Tool</th><th scope="col">Defined</th>'
                   '<th scope="col">Registered</th><th scope="col">Side effects (gate)</th></tr></thead><tbody>')
        for tool in tools:
            sinks = "; ".join(f"{escape(s['kind'])} at {_place_link(report, book, s['path'], s['line'])} "
                              f"({'gated' if s.get('gated') else _NO_GATE})"
                              for s in tool.get("sinks", [])) or "none found"
            out.append(f"<tr><td>{escape(tool['name'])}</td><td>{_place_link(report, book, tool['path'], tool['line'])}</td>"
                       f"<td>{escape(tool.get('registered', ''))}</td><td>{sinks}</td></tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def _finding(report: Report, book: ExcerptBook, finding: Finding) -> str:
    note = severity_note(report, finding)
    excerpt = book.get(finding.path, finding.line)
    return (f'<article class="finding sev-edge-{escape(finding.severity)}" aria-label="{escape(finding.rule)} {escape(finding.title)}">'
            f"<h4>{_badge('sev', finding.severity)} {escape(finding.rule)} {escape(finding.title)}"
            f"{' (suppressed: ' + escape(finding.suppression_reason or 'no reason') + ')' if finding.suppressed else ''}</h4>"
            f"<div>{_place_link(report, book, finding.path, finding.line)} · {escape(finding.confidence)} confidence</div>"
            + (f'<div class="note">Severity {escape(note)}.</div>' if note else "")
            + f"<p>{escape(short_message(report, finding))}</p><p><strong>Fix:</strong> {escape(finding.remediation)}</p>"
            + (_code(excerpt) if excerpt else "") + "</article>")


def _findings(report: Report, book: ExcerptBook) -> list[str]:
    out = [f'<section aria-labelledby="findings"><h2 id="findings">Findings ({len(report.findings)})</h2>']
    if not report.findings:
        return out + ["<p>No findings.</p></section>"]
    for group in findings_by_primitive(report):
        status = group.verdict.status if group.verdict else ""
        out.append(f'<h3 id="group-{escape(group.primitive)}">{escape(group.primitive)} {escape(group.slug)} '
                   + (_badge("st", status, _STATUS_LABEL.get(status)) if status else "") + "</h3>")
        out += [_finding(report, book, f) for f in group.findings]
    out.append("</section>")
    return out


def _documents_and_files(report: Report) -> list[str]:
    out = ['<section aria-labelledby="files"><h2 id="files">What was read</h2>']
    if report.documents:
        out.append('<table><thead><tr><th scope="col">Document</th><th scope="col">Role</th>'
                   '<th scope="col">Primitives addressed</th></tr></thead><tbody>')
        for doc in report.documents:
            covered = ", ".join(f"{p} {f}" for p, f in doc.primitives.items()) or "none"
            out.append(f"<tr><td><code>{escape(shown_path(report, doc.path))}</code></td><td>{escape(doc.role)}</td>"
                       f"<td>{escape(covered)}</td></tr>")
        out.append("</tbody></table>")
    out.append(f"<p>{len(report.scanned)} files scanned, {len(report.skipped)} skipped.</p>")
    if report.skipped:
        out.append("<ul>" + "".join(f"<li><code>{escape(shown_path(report, s.path))}</code>: {escape(s.reason)}</li>"
                                    for s in report.skipped) + "</ul>")
    out.append("</section>")
    return out


def _code(excerpt: Excerpt) -> str:
    lines = "\n".join(
        f'<span class="{"hit" if number == excerpt.line else "line"}"><span class="ln">{number}</span>{escape(text)}</span>'
        for number, text in excerpt.lines)
    return f'<pre class="code" tabindex="0" aria-label="{escape(excerpt.path)} around line {excerpt.line}">{lines}</pre>'


def _excerpt_appendix(book: ExcerptBook) -> list[str]:
    if not book.excerpts:
        return []
    out = ['<section aria-labelledby="code"><h2 id="code">Code excerpts</h2>']
    for (_, _), excerpt in sorted(book.excerpts.items()):
        out.append(f'<div id="{excerpt.anchor}" tabindex="-1"><p class="excerpt-file">{escape(excerpt.path)}:{excerpt.line}</p>'
                   + _code(excerpt) + "</div>")
    out.append("</section>")
    return out
