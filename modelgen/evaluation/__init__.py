"""The parts of :class:`modelgen.evaluate.Evaluator`, one module per path of a call.

``selection`` (which names a call returns and where each is read), ``blocks`` (points in blocks of
``ev.chunk``: kernel, observables, χ², chunk iteration), ``point`` (one point: the compiled dict path
of ``_point.pyx`` and ``ev.point_array``).  ``modelgen.evaluate`` assembles them.
"""
__all__ = []
