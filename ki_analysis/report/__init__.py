"""Stage 6, reports: parameters -> data -> parts -> HTML, rendered by papermill, then the index.

``params`` checks what to render without pandas; ``data`` slices the published tables for one
report; ``parts`` turns the slices into display objects (charts come from ``plots``); ``html``
holds the escaped building blocks; ``engine`` renders templates in warm kernels; ``index``
writes ``reports/index.html``; ``run`` is ``ki report``.
"""
