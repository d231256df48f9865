// lsq_linear's verbose=2 table, as scipy prints it from trf_linear and bvls (print_header_linear
// and print_iteration_linear in scipy/optimize/_lsq/common.py): five columns 15 wide, centred.

import { pythonFormat } from '../models/python-format';

const WIDTH = 15;

/** Python's format(text, '^15'): centred, the odd space on the right. */
function centred(text: string): string {
  const padding = Math.max(0, WIDTH - text.length);
  return ' '.repeat(Math.floor(padding / 2)) + text + ' '.repeat(padding - Math.floor(padding / 2));
}

/** A float as Python's f'{v:^15.<digits>e}'. */
function exponential(value: number, digits: number): string {
  return pythonFormat(`{v:^${WIDTH}.${digits}e}`, new Map([['v', { value, isInt: false }]]));
}

/** The table's heading line. */
export function linearLogHeader(): string {
  return ['Iteration', 'Cost', 'Cost reduction', 'Step norm', 'Optimality'].map(centred).join('');
}

/** One iteration's line; the cost reduction and step norm are blank before the first step. */
export function linearLogLine(iteration: number, cost: number, costReduction: number | null, stepNorm: number | null, optimality: number): string {
  return centred(String(iteration)) + exponential(cost, 4)
    + (costReduction === null ? ' '.repeat(WIDTH) : exponential(costReduction, 2))
    + (stepNorm === null ? ' '.repeat(WIDTH) : exponential(stepNorm, 2))
    + exponential(optimality, 2);
}
