/** The seeded PRNG lives with the simulator (product code); tests use the same one. */
export { seeded } from '../../shared/simulator/random.js';
