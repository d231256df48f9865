"""Reference runs of scipy.optimize's scalar functions for tf.optimize's: minimize_scalar
('brent', 'golden', 'bounded'), root_scalar (every method), and brentq, brenth, ridder, bisect,
toms748 and newton with full_output.

Writes test/fixtures/scalar-optimize-scipy.json, which test/scalar-optimize.test.ts checks
against. Run: python3 scripts/scalar_optimize_fixtures.py (scipy 1.17, NumPy 2).

The problems are those of test/helpers/scalar-problems.ts, written with the same arithmetic
(sums, products and quotients only, no library functions), so that both sides evaluate them to
the same bits. Derivatives from gradtape's tape are given to scipy as fprime=True (the function
returns its value and derivatives, counted once per point as scipy's MemoizeDer counts), for
problems whose tape derivatives are exactly the formulas below. Each record keeps the arguments
(gradtape's names) and scipy's result, or the error's type and message.
"""

import json
import math
import warnings
from pathlib import Path

import numpy as np
import scipy
from scipy import optimize

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / 'test' / 'fixtures' / 'scalar-optimize-scipy.json'

NAN = float('nan')
INF = float('inf')

# name: (f, f', f'')
ROOT_PROBLEMS = {
    'cubic': (lambda x: x * x * x - 2 * x - 5, lambda x: 3 * x * x - 2, lambda x: 6 * x),
    'sqrt2': (lambda x: x * x - 2, lambda x: 2 * x, lambda x: 2.0),
    'quad2': (lambda x: x * x - 4 * x + 1, lambda x: 2 * x - 4, lambda x: 2.0),
    'rational': (lambda x: (x - 1) / (x * x + 1), lambda x: ((x * x + 1) - (x - 1) * 2 * x) / ((x * x + 1) * (x * x + 1)), lambda x: 0.0),
    'triple': (lambda x: x * x * x, lambda x: 3 * x * x, lambda x: 6 * x),
    'flat': (lambda x: x * x + 1, lambda x: 2 * x, lambda x: 2.0),
    'identity': (lambda x: x, lambda x: 1.0, lambda x: 0.0),
    'nan-above-1': (lambda x: NAN if x > 1 else x - 1.5, lambda x: 1.0, lambda x: 0.0),
    'inf-above-1': (lambda x: INF if x > 1 else x - 1.5, lambda x: 1.0, lambda x: 0.0),
    'steep': (lambda x: x * x * x * x * x * x * x * x * x * x * x - 1e-20, lambda x: 11 * x * x * x * x * x * x * x * x * x * x, lambda x: 0.0),
}
# Problems whose derivatives gradtape's tape computes to exactly the formulas above.
TAPE_EXACT = {'sqrt2', 'quad2'}

MIN_PROBLEMS = {
    'quartic': lambda x: (x - 2) * x * ((x + 2) * (x + 2)),
    'quadratic': lambda x: (x - 1) * (x - 1),
    'plateau': lambda x: 1.0,
    'nan-below-0': lambda x: NAN if x < 0 else (x - 1) * (x - 1),
    'cosh-like': lambda x: x * x * x * x - 3 * x * x + x,
}

# gradtape's option names for scipy's keyword arguments.
NAMES = {'full_output': 'fullOutput', 'x1': 'x1'}


def number(v):
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return v


def root_results(r):
    return {'root': number(r.root), 'iterations': number(r.iterations), 'functionCalls': int(r.function_calls),
            'converged': bool(r.converged), 'flag': r.flag, 'method': r.method}


def caught(run):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        try:
            out = run()
        except Exception as e:  # noqa: BLE001 - the fixture records scipy's errors
            out = {'error': type(e).__name__, 'message': str(e)}
        messages = [str(x.message) for x in w if not issubclass(x.category, (DeprecationWarning,))]
    if messages:
        out['warnings'] = messages
    return out


def root_scalar_case(problem, tape=False, **kw):
    f, fp, fpp = ROOT_PROBLEMS[problem]
    kwargs = dict(kw)
    js = dict(kw)
    for key in ('fprime', 'fprime2'):
        if kwargs.get(key) == 'given':
            kwargs[key] = {'fprime': fp, 'fprime2': fpp}[key]
    if tape:
        # gradtape: derivatives from the tape; scipy: f returns them (fprime=True / fprime2=True).
        order = 2 if kwargs.get('method') == 'halley' else 1
        kwargs['fprime'] = True
        if order == 2:
            kwargs['fprime2'] = True
        fun = (lambda x: (f(x), fp(x), fpp(x))) if order == 2 else (lambda x: (f(x), fp(x)))
    else:
        fun = f
    def run():
        return root_results(optimize.root_scalar(fun, **kwargs))
    return {'kind': 'rootScalar', 'problem': problem, 'tape': tape, 'options': js, **caught(run)}


def classic_case(name, problem, *args, **kw):
    f, fp, fpp = ROOT_PROBLEMS[problem]
    kwargs = dict(kw)
    js = {NAMES.get(k, k): v for k, v in kw.items()}
    for key in ('fprime', 'fprime2'):
        if kwargs.get(key) == 'given':
            kwargs[key] = {'fprime': fp, 'fprime2': fpp}[key]
    def run():
        r = getattr(optimize, name)(f, *args, **kwargs)
        if kw.get('full_output'):
            return {'root': number(r[0]), 'results': root_results(r[1])}
        return {'root': number(r)}
    return {'kind': name, 'problem': problem, 'args': [float(a) for a in args], 'options': js, **caught(run)}


def minimize_case(problem, **kw):
    def run():
        r = optimize.minimize_scalar(MIN_PROBLEMS[problem], **kw)
        out = {'x': number(r.x), 'fun': number(r.fun), 'nit': int(r.nit), 'nfev': int(r.nfev),
               'success': bool(r.success), 'message': r.message}
        if 'status' in r:
            out['status'] = int(r.status)
        return out
    return {'kind': 'minimizeScalar', 'problem': problem, 'options': kw, **caught(run)}


def cases():
    out = []
    # minimize_scalar
    for method in ('brent', 'golden'):
        out.append(minimize_case('quartic', method=method))
        out.append(minimize_case('quartic', method=method, bracket=[-3.0, -2.0]))
        out.append(minimize_case('quartic', method=method, bracket=[0.0, 1.0, 2.0]))
        out.append(minimize_case('quartic', method=method, bracket=[3.0, 1.0, 0.0]))
        out.append(minimize_case('quartic', method=method, bracket=[0.0, 3.0, 2.0]))
        out.append(minimize_case('quartic', method=method, bracket=[0.0, 2.0, 3.0]))
        out.append(minimize_case('quartic', method=method, bracket=[0.0, 1.0, 2.0, 3.0]))
        out.append(minimize_case('quadratic', method=method, tol=1e-3))
        out.append(minimize_case('quadratic', method=method, options={'xtol': 1e-12, 'maxiter': 5}))
        out.append(minimize_case('cosh-like', method=method, bracket=[-1.0, 0.0]))
        out.append(minimize_case('plateau', method=method))
        out.append(minimize_case('nan-below-0', method=method, bracket=[0.5, -1.0]))
    out.append(minimize_case('quadratic', method='brent', options={'xtol': -1.0}))
    out.append(minimize_case('quadratic', method='brent', bounds=[0.0, 1.0]))
    out.append(minimize_case('quadratic', method='nelder'))
    out.append(minimize_case('quartic', bounds=[-3.0, 0.5]))
    out.append(minimize_case('quartic', bounds=[0.0, 3.0], options={'xatol': 1e-10}))
    out.append(minimize_case('quartic', bounds=[0.0, 3.0], options={'maxiter': 5}))
    out.append(minimize_case('quartic', bounds=[0.0, 3.0], tol=1e-8))
    out.append(minimize_case('cosh-like', method='bounded', bounds=[-2.0, 2.0]))
    out.append(minimize_case('quadratic', method='bounded', bounds=[1.0, 1.0]))
    out.append(minimize_case('nan-below-0', method='bounded', bounds=[-1.0, 0.5]))
    out.append(minimize_case('quadratic', method='bounded'))
    out.append(minimize_case('quadratic', bounds=[2.0, 1.0]))
    out.append(minimize_case('quadratic', bounds=[0.0, INF]))
    out.append(minimize_case('quadratic', bounds=[0.0, 1.0, 2.0]))

    # root_scalar: every bracketing method on every problem that has a sign change in [0, 3]
    for method in ('brentq', 'brenth', 'ridder', 'bisect', 'toms748'):
        for problem, bracket in (('cubic', [2.0, 3.0]), ('sqrt2', [0.0, 2.0]), ('quad2', [0.0, 1.0]), ('rational', [-3.0, 5.0]),
                                 ('triple', [-1.0, 2.0]), ('steep', [0.0, 2.0]), ('identity', [0.0, 2.0]), ('identity', [-2.0, 2.0])):
            out.append(root_scalar_case(problem, method=method, bracket=bracket))
        out.append(root_scalar_case('cubic', method=method, bracket=[2.0, 3.0], xtol=1e-3, rtol=1e-3))
        out.append(root_scalar_case('cubic', method=method, bracket=[2.0, 3.0], maxiter=3))
        out.append(root_scalar_case('flat', method=method, bracket=[0.0, 2.0]))
        out.append(root_scalar_case('nan-above-1', method=method, bracket=[0.0, 2.0]))
        out.append(root_scalar_case('cubic', method=method, bracket=[2.0, 3.0], xtol=0.0))
        out.append(root_scalar_case('cubic', method=method, bracket=[2.0, 3.0], rtol=1e-20))
    out.append(root_scalar_case('inf-above-1', method='toms748', bracket=[0.0, 2.0]))
    out.append(root_scalar_case('cubic', method='toms748', bracket=[3.0, 2.0]))
    out.append(root_scalar_case('cubic', bracket=[2.0, 3.0]))
    out.append(root_scalar_case('cubic', method='brentq'))
    out.append(root_scalar_case('cubic'))
    out.append(root_scalar_case('cubic', method='simplex', x0=1.0))
    # Newton's family
    for problem, x0 in (('cubic', 2.0), ('sqrt2', 1.0), ('rational', 0.5), ('triple', 1.0)):
        out.append(root_scalar_case(problem, method='newton', x0=x0, fprime='given'))
        out.append(root_scalar_case(problem, method='halley', x0=x0, fprime='given', fprime2='given'))
        out.append(root_scalar_case(problem, method='secant', x0=x0))
        out.append(root_scalar_case(problem, method='secant', x0=x0, x1=x0 + 0.5))
        out.append(root_scalar_case(problem, x0=x0, fprime='given'))
        out.append(root_scalar_case(problem, x0=x0, fprime='given', fprime2='given'))
        out.append(root_scalar_case(problem, x0=x0, x1=x0 + 0.5))
        out.append(root_scalar_case(problem, method='newton', x0=x0))  # forward differences
    out.append(root_scalar_case('triple', method='newton', x0=1.0, fprime='given', maxiter=5))
    out.append(root_scalar_case('cubic', method='newton', x0=2.0, fprime='given', xtol=1e-3))
    out.append(root_scalar_case('cubic', method='secant', x0=2.0, rtol=1e-3))
    out.append(root_scalar_case('flat', method='newton', x0=0.0, fprime='given'))
    out.append(root_scalar_case('flat', method='secant', x0=0.0, x1=1e-9))
    out.append(root_scalar_case('cubic', method='secant', x0=2.0, x1=2.0))
    out.append(root_scalar_case('cubic', method='newton'))
    out.append(root_scalar_case('cubic', method='halley', x0=2.0, fprime='given'))
    for problem, x0 in (('sqrt2', 1.0), ('quad2', 0.0), ('quad2', 5.0)):
        out.append(root_scalar_case(problem, tape=True, method='newton', x0=x0))
        out.append(root_scalar_case(problem, tape=True, method='halley', x0=x0))

    # The classic functions.
    for name in ('brentq', 'brenth', 'ridder', 'bisect', 'toms748'):
        out.append(classic_case(name, 'cubic', 2.0, 3.0))
        out.append(classic_case(name, 'cubic', 2.0, 3.0, full_output=True))
        out.append(classic_case(name, 'cubic', 2.0, 3.0, maxiter=2))
        out.append(classic_case(name, 'cubic', 2.0, 3.0, maxiter=2, full_output=True, disp=False))
        out.append(classic_case(name, 'cubic', 3.0, 4.0))
        out.append(classic_case(name, 'nan-above-1', 0.0, 2.0))
    out.append(classic_case('toms748', 'cubic', 2.0, 3.0, k=2, full_output=True))
    out.append(classic_case('toms748', 'cubic', 2.0, 3.0, k=3, full_output=True))
    out.append(classic_case('newton', 'cubic', 2.0))
    out.append(classic_case('newton', 'cubic', 2.0, fprime='given', full_output=True))
    out.append(classic_case('newton', 'cubic', 2.0, fprime='given', fprime2='given', full_output=True))
    out.append(classic_case('newton', 'triple', 1.0, fprime='given', maxiter=5))
    out.append(classic_case('newton', 'triple', 1.0, fprime='given', maxiter=5, disp=False, full_output=True))
    out.append(classic_case('newton', 'flat', 0.0, fprime='given'))
    out.append(classic_case('newton', 'flat', 0.0, x1=1e-9))
    out.append(classic_case('newton', 'cubic', 2.0, tol=0.0))
    out.append(classic_case('newton', 'cubic', 2.0, maxiter=0))
    return out


def finite_json(v):
    """v with non-finite floats as the strings 'NaN', 'Infinity' and '-Infinity' (JSON has none)."""
    if isinstance(v, float):
        return number(v)
    if isinstance(v, dict):
        return {k: finite_json(e) for k, e in v.items()}
    if isinstance(v, (list, tuple)):
        return [finite_json(e) for e in v]
    return v


def main():
    data = {'scipy': scipy.__version__, 'numpy': np.__version__, 'cases': finite_json(cases())}
    OUT.write_text(json.dumps(data, indent=1) + '\n')
    print(f'wrote {len(data["cases"])} cases to {OUT}')


if __name__ == '__main__':
    main()
