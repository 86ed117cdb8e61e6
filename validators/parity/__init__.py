"""The comparison library of bilingual parity: ``tokens`` (what must match), ``units`` (structural units),
``align`` (unit-by-unit alignment), ``compare`` (per-unit comparison), ``html`` (side-by-side report),
``markdown`` (Markdown → document model). It knows nothing of rules or the engine: the ``parity.*`` check
functions (validators/rules/parity.py) read it, and the pair report — ``compare_pair``, ``load``,
``parity_result`` — is in :mod:`validators.bilingual` (which runs the engine), so no import cycle remains.
"""
