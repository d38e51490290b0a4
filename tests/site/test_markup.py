"""Text made inert for Markdown: what Markdown makes of it is exactly the text, with no element added."""

from __future__ import annotations

from html import unescape

import markdown
import pytest

from isms.site.html import Markup, inert, link, page_title

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "abbr", "def_list", "footnotes", "smarty",
              "pymdownx.magiclink", "pymdownx.tilde", "pymdownx.caret", "pymdownx.mark", "pymdownx.keys"]  # fmt: skip


def render(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("*em* _u_", "&#42;em&#42; &#95;u&#95;"),
        ("[x](javascript:alert(1))", "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;"),
        ("T {: onclick=x }", "T &#123;&#58; onclick&#61;x &#125;"),
        ("a\n\n    b", "a&#10;&#10;    b"),
        ("Ünïcode \u202eRLO", "Ünïcode \u202eRLO"),
    ],
)
def test_inert_writes_every_ascii_sign_as_a_reference(text: str, source: str) -> None:
    assert inert(text) == source


@pytest.mark.parametrize(
    "text",
    [
        "T {: onmouseover=alert(document.domain) style=position:fixed;inset:0 }",
        "![p](https://example.net/t.png) [x](javascript:alert(1)) <https://example.net> https://example.net",
        "*em* _u_ ~~d~~ ==m== ^^i^^ ++ctrl+a++ -- ... 'q' \"q\"",
        "X</title><script>alert(9)</script> &amp; &",
        "a | b\n\n# h\n- i\n    code\n*[HTML]: x [^1]",
    ],
)
def test_markdown_leaves_inert_text_as_it_is(text: str) -> None:
    for source, wrapper in ((f"# {inert(text)}", "h1"), (inert(text), "p"), (f"| h |\n|---|\n| {inert(text)} |", "td")):
        html = render(source)
        inner = html.split(f"<{wrapper}", 1)[1].split(">", 1)[1].rsplit(f"</{wrapper}>", 1)[0]
        assert "<" not in inner, (source, html)
        assert unescape(inner) == text


def test_inert_markup_keeps_its_tags_and_makes_text_and_attributes_inert() -> None:
    markup = link("../r/#risk-1", "R-1 [x](javascript:alert(1))", title="*t*")
    assert inert(markup) == (
        '<a href="&#46;&#46;&#47;r&#47;&#35;risk&#45;1" title="&#42;t&#42;">'
        "R&#45;1 &#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;</a>"
    )
    html = render(f"Risk {inert(markup)} here")
    assert html == (
        '<p>Risk <a href="&#46;&#46;&#47;r&#47;&#35;risk&#45;1" title="&#42;t&#42;">'
        "R&#45;1 &#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;</a> here</p>"
    )
    assert inert(Markup("&lt;b&gt; &amp;")) == "&lt;b&gt; &amp;"  # references stay as they are


def test_a_page_title_is_escaped_and_no_template() -> None:
    assert page_title("X</title><script>{{ 7*7 }}") == "X&lt;/title&gt;&lt;script&gt;&#123;&#123; 7*7 &#125;&#125;"
