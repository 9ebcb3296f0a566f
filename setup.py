"""Build script: cythonize the shared loop kernels and every generated model module.

Layout (DESIGN.md): ``templates/`` and ``generated/`` live at the top level and are mapped to the
packages ``modelgen.templates`` and ``modelgen.generated`` so that a non-editable
``pip install .`` ships them.  Each ``generated/<model>.pyx`` becomes ``modelgen.generated.<model>``.
"""
import glob
import os
import sys

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))


# OpenMP makes the generated kernels' prange loops parallel; elsewhere they run serially
OPENMP = ["-fopenmp"] if sys.platform.startswith("linux") else []


def _extensions():
    common = dict(include_dirs=[numpy.get_include()], extra_compile_args=["-O3"] + OPENMP,
                  extra_link_args=OPENMP, define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")])
    exts = [Extension(f"modelgen.loops.{os.path.splitext(os.path.basename(p))[0]}", [p], **common)
            for p in sorted(glob.glob(os.path.join("modelgen", "loops", "*.pyx")))]
    # Python-callable twins of the hand-written kernels (tests, benchmarks)
    exts += [Extension(f"modelgen.kernels.{os.path.splitext(os.path.basename(p))[0]}", [p], **common)
             for p in sorted(glob.glob(os.path.join("modelgen", "kernels", "*.pyx")))]
    # compiled twin of the post-kernel observables (modelgen.observables.derived)
    exts += [Extension(f"modelgen.observables.{os.path.splitext(os.path.basename(p))[0]}", [p], **common)
             for p in sorted(glob.glob(os.path.join("modelgen", "observables", "*.pyx")))]
    # compiled one-point call of the evaluator (modelgen.evaluation.point)
    exts += [Extension(f"modelgen.evaluation.{os.path.splitext(os.path.basename(p))[0]}", [p], **common)
             for p in sorted(glob.glob(os.path.join("modelgen", "evaluation", "*.pyx")))]
    exts += [Extension(f"modelgen.generated.{os.path.splitext(os.path.basename(p))[0]}", [p], **common)
             for p in sorted(glob.glob(os.path.join("generated", "*.pyx")))]
    return cythonize(exts, include_path=[HERE], language_level=3, nthreads=os.cpu_count() or 1,
                     compiler_directives={"boundscheck": False, "wraparound": False,
                                          "cdivision": True, "initializedcheck": False})


class ParallelBuildExt(build_ext):
    """Compile the extensions on every core (one model per process): the build is CI's largest cost."""

    def finalize_options(self):
        super().finalize_options()
        if not self.parallel:
            self.parallel = os.cpu_count() or 1


setup(
    cmdclass={"build_ext": ParallelBuildExt},
    packages=["modelgen", "modelgen.model", "modelgen.models", "modelgen.derive", "modelgen.codegen",
              "modelgen.loops", "modelgen.generated", "modelgen.templates", "modelgen.data",
              "modelgen.observables", "modelgen.kernels", "modelgen.testing", "modelgen.fitting",
              "modelgen.scan", "modelgen.plot", "modelgen.evaluation"],
    package_dir={"modelgen.generated": "generated", "modelgen.templates": "templates"},
    package_data={"modelgen.generated": ["*.pyx", "*.json"], "modelgen.templates": ["*.j2"],
                  "modelgen.loops": ["*.pxd", "*.pyx"], "modelgen.data": ["*.toml", "*.csv"],
                  "modelgen.kernels": ["*.pxd", "*.pyx"],
                  "modelgen.observables": ["*.pyx"], "modelgen.evaluation": ["*.pyx"]},
    ext_modules=_extensions(),
    zip_safe=False,
)
