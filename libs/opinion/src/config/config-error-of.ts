import { OpinionConfigError } from './opinion-config-error';

/** For the specs: the OpinionConfigError that `parse` throws (any other outcome fails the test). */
export function configErrorOf(parse: () => unknown): OpinionConfigError {
  try {
    parse();
  } catch (error) {
    if (error instanceof OpinionConfigError) return error;
    throw error;
  }
  throw new Error('parsed without an error');
}
