/**
 * Picture catalogue for picture passwords. Ids are stable forever: they are stored in the
 * database as the password sequence, so never rename or remove one (add new ones instead).
 * Each picture has exactly one PNG (`png/<id>.png`, Twemoji 64×64, CC-BY 4.0, see
 * ATTRIBUTION.md) that is used both on the login grid and on the printed cards.
 *
 * Chosen for five-year-olds and for every family: animals, fruit, vehicles and everyday things;
 * no people, uniforms, weapons, flags, religious symbols (hence no crescent moon), nothing
 * scary and no food some families avoid (no pork). Names are the words a child says, unique
 * per language so that a spoken or written sequence is unambiguous.
 */
export interface Picture {
  /** Stable lowercase ascii id, also the PNG file name. */
  id: string;
  names: { nl: string; fr: string; en: string };
  /** Unicode code point(s) of the emoji the image shows (Twemoji file name, for attribution). */
  codepoint: string;
}

export type PictureLocale = keyof Picture['names'];

export const PICTURES: readonly Picture[] = Object.freeze([
  // Animals
  { id: 'dog', names: { nl: 'hond', fr: 'chien', en: 'dog' }, codepoint: '1f436' },
  { id: 'cat', names: { nl: 'kat', fr: 'chat', en: 'cat' }, codepoint: '1f431' },
  { id: 'fish', names: { nl: 'vis', fr: 'poisson', en: 'fish' }, codepoint: '1f41f' },
  { id: 'bird', names: { nl: 'vogel', fr: 'oiseau', en: 'bird' }, codepoint: '1f426' },
  { id: 'horse', names: { nl: 'paard', fr: 'cheval', en: 'horse' }, codepoint: '1f40e' },
  { id: 'cow', names: { nl: 'koe', fr: 'vache', en: 'cow' }, codepoint: '1f404' },
  { id: 'rabbit', names: { nl: 'konijn', fr: 'lapin', en: 'rabbit' }, codepoint: '1f430' },
  { id: 'elephant', names: { nl: 'olifant', fr: 'éléphant', en: 'elephant' }, codepoint: '1f418' },
  { id: 'lion', names: { nl: 'leeuw', fr: 'lion', en: 'lion' }, codepoint: '1f981' },
  { id: 'frog', names: { nl: 'kikker', fr: 'grenouille', en: 'frog' }, codepoint: '1f438' },
  { id: 'turtle', names: { nl: 'schildpad', fr: 'tortue', en: 'turtle' }, codepoint: '1f422' },
  {
    id: 'butterfly',
    names: { nl: 'vlinder', fr: 'papillon', en: 'butterfly' },
    codepoint: '1f98b',
  },
  { id: 'snail', names: { nl: 'slak', fr: 'escargot', en: 'snail' }, codepoint: '1f40c' },
  { id: 'duck', names: { nl: 'eend', fr: 'canard', en: 'duck' }, codepoint: '1f986' },
  { id: 'penguin', names: { nl: 'pinguïn', fr: 'pingouin', en: 'penguin' }, codepoint: '1f427' },
  { id: 'owl', names: { nl: 'uil', fr: 'hibou', en: 'owl' }, codepoint: '1f989' },
  { id: 'bear', names: { nl: 'beer', fr: 'ours', en: 'bear' }, codepoint: '1f43b' },
  { id: 'monkey', names: { nl: 'aap', fr: 'singe', en: 'monkey' }, codepoint: '1f412' },
  { id: 'giraffe', names: { nl: 'giraf', fr: 'girafe', en: 'giraffe' }, codepoint: '1f992' },
  { id: 'chick', names: { nl: 'kuiken', fr: 'poussin', en: 'chick' }, codepoint: '1f424' },
  { id: 'whale', names: { nl: 'walvis', fr: 'baleine', en: 'whale' }, codepoint: '1f433' },
  { id: 'octopus', names: { nl: 'octopus', fr: 'pieuvre', en: 'octopus' }, codepoint: '1f419' },
  { id: 'bee', names: { nl: 'bij', fr: 'abeille', en: 'bee' }, codepoint: '1f41d' },
  // Fruit, vegetables and food
  { id: 'banana', names: { nl: 'banaan', fr: 'banane', en: 'banana' }, codepoint: '1f34c' },
  { id: 'apple', names: { nl: 'appel', fr: 'pomme', en: 'apple' }, codepoint: '1f34e' },
  { id: 'pear', names: { nl: 'peer', fr: 'poire', en: 'pear' }, codepoint: '1f350' },
  { id: 'cherries', names: { nl: 'kersen', fr: 'cerises', en: 'cherries' }, codepoint: '1f352' },
  {
    id: 'strawberry',
    names: { nl: 'aardbei', fr: 'fraise', en: 'strawberry' },
    codepoint: '1f353',
  },
  { id: 'grapes', names: { nl: 'druiven', fr: 'raisins', en: 'grapes' }, codepoint: '1f347' },
  { id: 'lemon', names: { nl: 'citroen', fr: 'citron', en: 'lemon' }, codepoint: '1f34b' },
  {
    id: 'watermelon',
    names: { nl: 'watermeloen', fr: 'pastèque', en: 'watermelon' },
    codepoint: '1f349',
  },
  { id: 'pineapple', names: { nl: 'ananas', fr: 'ananas', en: 'pineapple' }, codepoint: '1f34d' },
  { id: 'carrot', names: { nl: 'wortel', fr: 'carotte', en: 'carrot' }, codepoint: '1f955' },
  { id: 'broccoli', names: { nl: 'broccoli', fr: 'brocoli', en: 'broccoli' }, codepoint: '1f966' },
  {
    id: 'mushroom',
    names: { nl: 'paddenstoel', fr: 'champignon', en: 'mushroom' },
    codepoint: '1f344',
  },
  { id: 'cheese', names: { nl: 'kaas', fr: 'fromage', en: 'cheese' }, codepoint: '1f9c0' },
  { id: 'bread', names: { nl: 'brood', fr: 'pain', en: 'bread' }, codepoint: '1f35e' },
  { id: 'icecream', names: { nl: 'ijsje', fr: 'glace', en: 'ice cream' }, codepoint: '1f366' },
  // Vehicles
  { id: 'car', names: { nl: 'auto', fr: 'voiture', en: 'car' }, codepoint: '1f697' },
  { id: 'bicycle', names: { nl: 'fiets', fr: 'vélo', en: 'bike' }, codepoint: '1f6b2' },
  { id: 'boat', names: { nl: 'boot', fr: 'bateau', en: 'boat' }, codepoint: '26f5' },
  { id: 'airplane', names: { nl: 'vliegtuig', fr: 'avion', en: 'plane' }, codepoint: '2708-fe0f' },
  { id: 'bus', names: { nl: 'bus', fr: 'bus', en: 'bus' }, codepoint: '1f68c' },
  { id: 'train', names: { nl: 'trein', fr: 'train', en: 'train' }, codepoint: '1f682' },
  { id: 'rocket', names: { nl: 'raket', fr: 'fusée', en: 'rocket' }, codepoint: '1f680' },
  { id: 'tractor', names: { nl: 'tractor', fr: 'tracteur', en: 'tractor' }, codepoint: '1f69c' },
  {
    id: 'helicopter',
    names: { nl: 'helikopter', fr: 'hélicoptère', en: 'helicopter' },
    codepoint: '1f681',
  },
  // Things around us
  { id: 'house', names: { nl: 'huis', fr: 'maison', en: 'house' }, codepoint: '1f3e0' },
  { id: 'ball', names: { nl: 'bal', fr: 'ballon', en: 'ball' }, codepoint: '26bd' },
  {
    id: 'umbrella',
    names: { nl: 'paraplu', fr: 'parapluie', en: 'umbrella' },
    codepoint: '2602-fe0f',
  },
  { id: 'key', names: { nl: 'sleutel', fr: 'clé', en: 'key' }, codepoint: '1f511' },
  { id: 'book', names: { nl: 'boek', fr: 'livre', en: 'book' }, codepoint: '1f4d5' },
  { id: 'clock', names: { nl: 'wekker', fr: 'réveil', en: 'clock' }, codepoint: '23f0' },
  { id: 'star', names: { nl: 'ster', fr: 'étoile', en: 'star' }, codepoint: '2b50' },
  { id: 'sun', names: { nl: 'zon', fr: 'soleil', en: 'sun' }, codepoint: '2600-fe0f' },
  { id: 'cloud', names: { nl: 'wolk', fr: 'nuage', en: 'cloud' }, codepoint: '2601-fe0f' },
  { id: 'tree', names: { nl: 'boom', fr: 'arbre', en: 'tree' }, codepoint: '1f333' },
  { id: 'flower', names: { nl: 'bloem', fr: 'fleur', en: 'flower' }, codepoint: '1f337' },
  { id: 'cactus', names: { nl: 'cactus', fr: 'cactus', en: 'cactus' }, codepoint: '1f335' },
  { id: 'pencil', names: { nl: 'potlood', fr: 'crayon', en: 'pencil' }, codepoint: '270f-fe0f' },
  { id: 'glasses', names: { nl: 'bril', fr: 'lunettes', en: 'glasses' }, codepoint: '1f453' },
  { id: 'shoe', names: { nl: 'schoen', fr: 'chaussure', en: 'shoe' }, codepoint: '1f45f' },
  { id: 'sock', names: { nl: 'sok', fr: 'chaussette', en: 'sock' }, codepoint: '1f9e6' },
  { id: 'cap', names: { nl: 'pet', fr: 'casquette', en: 'cap' }, codepoint: '1f9e2' },
  { id: 'gift', names: { nl: 'cadeau', fr: 'cadeau', en: 'present' }, codepoint: '1f381' },
  { id: 'kite', names: { nl: 'vlieger', fr: 'cerf-volant', en: 'kite' }, codepoint: '1fa81' },
  { id: 'guitar', names: { nl: 'gitaar', fr: 'guitare', en: 'guitar' }, codepoint: '1f3b8' },
  { id: 'drum', names: { nl: 'trommel', fr: 'tambour', en: 'drum' }, codepoint: '1f941' },
  {
    id: 'backpack',
    names: { nl: 'boekentas', fr: 'cartable', en: 'schoolbag' },
    codepoint: '1f392',
  },
  { id: 'door', names: { nl: 'deur', fr: 'porte', en: 'door' }, codepoint: '1f6aa' },
  { id: 'robot', names: { nl: 'robot', fr: 'robot', en: 'robot' }, codepoint: '1f916' },
  { id: 'teddy', names: { nl: 'knuffel', fr: 'nounours', en: 'teddy' }, codepoint: '1f9f8' },
  { id: 'chair', names: { nl: 'stoel', fr: 'chaise', en: 'chair' }, codepoint: '1fa91' },
  { id: 'bucket', names: { nl: 'emmer', fr: 'seau', en: 'bucket' }, codepoint: '1faa3' },
]);

/**
 * The 16 pictures shown on the login grid unless a school picks others: one per kind of thing
 * and as different as possible in shape and colour, so a child never has to tell two similar
 * animals apart.
 */
export const DEFAULT_GRID: readonly string[] = Object.freeze([
  'dog',
  'cat',
  'fish',
  'frog',
  'elephant',
  'penguin',
  'banana',
  'apple',
  'grapes',
  'carrot',
  'car',
  'airplane',
  'boat',
  'house',
  'ball',
  'sun',
]);

const byId: ReadonlyMap<string, Picture> = new Map(PICTURES.map((p) => [p.id, p]));

export function pictureById(id: string): Picture | undefined {
  return byId.get(id);
}
