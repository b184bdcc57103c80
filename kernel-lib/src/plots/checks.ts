/**
 * Input checks shared by the figure builders: a figure asked to draw data it does not have
 * fails with a message naming the figure and the missing piece, never as an empty plot.
 */
import { RadlabInputError } from "../errors.js";

/** Throws when `values` is missing, empty or holds a non-finite number. */
export function requireFiniteArray(figure: string, name: string, values: ArrayLike<number> | undefined | null, minLength = 1): void {
  if (!values || values.length === undefined) throw new RadlabInputError(`${figure}: ${name} is missing`);
  if (values.length < minLength) throw new RadlabInputError(`${figure}: ${name} has ${values.length} values, needs at least ${minLength}`);
  for (let n = 0; n < values.length; n++) {
    if (typeof values[n] !== "number" || !Number.isFinite(values[n])) {
      throw new RadlabInputError(`${figure}: ${name}[${n}] is ${values[n]}, not a finite number`);
    }
  }
}

/** Throws unless every named array has the length of the first. */
export function requireSameLength(figure: string, arrays: Record<string, ArrayLike<unknown>>): void {
  const entries = Object.entries(arrays);
  const [firstName, first] = entries[0];
  for (const [name, a] of entries.slice(1)) {
    if (a.length !== first.length) {
      throw new RadlabInputError(`${figure}: ${name} has ${a.length} values but ${firstName} has ${first.length}`);
    }
  }
}

/** Throws unless `value` is a finite number. */
export function requireFinite(figure: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RadlabInputError(`${figure}: ${name} is ${value}, not a finite number`);
}

/** Throws unless every outcome is 0 or 1 and both classes occur. */
export function requireBinaryOutcome(figure: string, set: string, outcomes: ArrayLike<number>): { events: number; nonEvents: number } {
  let events = 0;
  let nonEvents = 0;
  for (let n = 0; n < outcomes.length; n++) {
    if (outcomes[n] === 1) events++;
    else if (outcomes[n] === 0) nonEvents++;
    else throw new RadlabInputError(`${figure}: ${set} outcome[${n}] is ${outcomes[n]}, expected 0 or 1`);
  }
  if (events === 0 || nonEvents === 0) {
    throw new RadlabInputError(`${figure}: the ${set} set has only one outcome class (${events} events, ${nonEvents} non-events); the figure needs both`);
  }
  return { events, nonEvents };
}
