"""Plot stage: scan tables and single points in, PNG or PDF files out (matplotlib, Agg backend).

- :func:`plane`: a 2-D plane of a scan coloured by Δχ² or any column, with the experimental
  regions of a data set on the axes' observables;
- :func:`profile`: Δχ² against one parameter, from a profile table (``PARAM``, ``chi2``,
  ``delta_chi2``) or profiled from a scan by the minimum χ² in bins of ``PARAM``;
- :func:`mediator_bars`: the per-mediator parts of Δa_e and Δa_μ at one parameter point.

Each returns the image path, or the matplotlib Figure when ``output`` is None.  Axis labels carry units from the table's column metadata, the compiled model or the
observable registry (:mod:`modelgen.metadata`).
"""
from .bars import mediator_bars
from .plane import plane
from .profile import profile

__all__ = ["plane", "profile", "mediator_bars"]
