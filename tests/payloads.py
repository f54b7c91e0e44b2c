"""Hostile inputs: what a pull request could put into any text of the data.

Each one, pushed through every string field, must end as visible text or as
one problem line at `make check`; never as markup, a link or a running script.
"""

VECTORS = [
    # scripts and event handlers
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<object data=\"javascript:alert(1)\"></object>",
    # attribute breakers
    "\"><img src=x onerror=alert(1)>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' onmouseover='alert(1)",
    "https://example.org/\"> <img src=x onerror=alert(1)>",
    # elements whose text ends only at their own end tag (the page's <title>, a <script> of JSON-LD, a <style>)
    "</title></script></style></textarea></noscript><script>alert(1)</script>",
    # URLs in every Markdown link form
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](javascript&#58;alert(1))",
    "[this][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](https://evil.example/track.png)",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    # HTML comments, CSS
    "<!-- <script>alert(1)</script> -->",
    "--><script>alert(1)</script><!--",
    "<style>body{display:none}</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    # Markdown structure breakers
    "```\n</code></pre><script>alert(1)</script>\n```",
    "~~~\nfence\n~~~",
    "# Heading from data",
    "Text\n\n---\n\nmore",
    "Title\n=====",
    "!!! danger \"Injected\"\n    admonition body",
    "??? note \"x\"\n    details",
    "text {: onclick=\"alert(1)\" }",
    "{#id .class onclick=alert(1)}",
    "*[HTML]: Hyper <script>alert(1)</script>",
    "<div markdown=\"1\">**bold** <script>alert(1)</script></div>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | x |",
    "> quote\n> <script>alert(1)</script>",
    "    indented code <script>alert(1)</script>",
    "1. list\n2. <img src=x onerror=alert(1)>",
    "Term\n: definition <script>alert(1)</script>",
    "\\<script\\>alert(1)\\</script\\>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    # template syntax
    "{{ 7*7 }}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "{{ config }} {{ ''.__class__ }}",
    # Unicode
    "abc\u202edcba",
    "zero\u200bwidth\u200djoiner",
    "isolate\u2066x\u2069",
    "\ufeffbom in text",
    # size
    "A" * 20000,
]

assert len(VECTORS) >= 50
