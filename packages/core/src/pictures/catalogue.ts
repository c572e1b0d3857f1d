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

// One line a picture: id, code point, and its name in nl, fr and en.
const TABLE: ReadonlyArray<readonly [string, string, string, string, string]> = [
  // Animals
  ['dog', '1f436', 'hond', 'chien', 'dog'],
  ['cat', '1f431', 'kat', 'chat', 'cat'],
  ['fish', '1f41f', 'vis', 'poisson', 'fish'],
  ['bird', '1f426', 'vogel', 'oiseau', 'bird'],
  ['horse', '1f40e', 'paard', 'cheval', 'horse'],
  ['cow', '1f404', 'koe', 'vache', 'cow'],
  ['rabbit', '1f430', 'konijn', 'lapin', 'rabbit'],
  ['elephant', '1f418', 'olifant', 'éléphant', 'elephant'],
  ['lion', '1f981', 'leeuw', 'lion', 'lion'],
  ['frog', '1f438', 'kikker', 'grenouille', 'frog'],
  ['turtle', '1f422', 'schildpad', 'tortue', 'turtle'],
  ['butterfly', '1f98b', 'vlinder', 'papillon', 'butterfly'],
  ['snail', '1f40c', 'slak', 'escargot', 'snail'],
  ['duck', '1f986', 'eend', 'canard', 'duck'],
  ['penguin', '1f427', 'pinguïn', 'pingouin', 'penguin'],
  ['owl', '1f989', 'uil', 'hibou', 'owl'],
  ['bear', '1f43b', 'beer', 'ours', 'bear'],
  ['monkey', '1f412', 'aap', 'singe', 'monkey'],
  ['giraffe', '1f992', 'giraf', 'girafe', 'giraffe'],
  ['chick', '1f424', 'kuiken', 'poussin', 'chick'],
  ['whale', '1f433', 'walvis', 'baleine', 'whale'],
  ['octopus', '1f419', 'octopus', 'pieuvre', 'octopus'],
  ['bee', '1f41d', 'bij', 'abeille', 'bee'],
  // Fruit, vegetables and food
  ['banana', '1f34c', 'banaan', 'banane', 'banana'],
  ['apple', '1f34e', 'appel', 'pomme', 'apple'],
  ['pear', '1f350', 'peer', 'poire', 'pear'],
  ['cherries', '1f352', 'kersen', 'cerises', 'cherries'],
  ['strawberry', '1f353', 'aardbei', 'fraise', 'strawberry'],
  ['grapes', '1f347', 'druiven', 'raisins', 'grapes'],
  ['lemon', '1f34b', 'citroen', 'citron', 'lemon'],
  ['watermelon', '1f349', 'watermeloen', 'pastèque', 'watermelon'],
  ['pineapple', '1f34d', 'ananas', 'ananas', 'pineapple'],
  ['carrot', '1f955', 'wortel', 'carotte', 'carrot'],
  ['broccoli', '1f966', 'broccoli', 'brocoli', 'broccoli'],
  ['mushroom', '1f344', 'paddenstoel', 'champignon', 'mushroom'],
  ['cheese', '1f9c0', 'kaas', 'fromage', 'cheese'],
  ['bread', '1f35e', 'brood', 'pain', 'bread'],
  ['icecream', '1f366', 'ijsje', 'glace', 'ice cream'],
  // Vehicles
  ['car', '1f697', 'auto', 'voiture', 'car'],
  ['bicycle', '1f6b2', 'fiets', 'vélo', 'bike'],
  ['boat', '26f5', 'boot', 'bateau', 'boat'],
  ['airplane', '2708-fe0f', 'vliegtuig', 'avion', 'plane'],
  ['bus', '1f68c', 'bus', 'bus', 'bus'],
  ['train', '1f682', 'trein', 'train', 'train'],
  ['rocket', '1f680', 'raket', 'fusée', 'rocket'],
  ['tractor', '1f69c', 'tractor', 'tracteur', 'tractor'],
  ['helicopter', '1f681', 'helikopter', 'hélicoptère', 'helicopter'],
  // Things around us
  ['house', '1f3e0', 'huis', 'maison', 'house'],
  ['ball', '26bd', 'bal', 'ballon', 'ball'],
  ['umbrella', '2602-fe0f', 'paraplu', 'parapluie', 'umbrella'],
  ['key', '1f511', 'sleutel', 'clé', 'key'],
  ['book', '1f4d5', 'boek', 'livre', 'book'],
  ['clock', '23f0', 'wekker', 'réveil', 'clock'],
  ['star', '2b50', 'ster', 'étoile', 'star'],
  ['sun', '2600-fe0f', 'zon', 'soleil', 'sun'],
  ['cloud', '2601-fe0f', 'wolk', 'nuage', 'cloud'],
  ['tree', '1f333', 'boom', 'arbre', 'tree'],
  ['flower', '1f337', 'bloem', 'fleur', 'flower'],
  ['cactus', '1f335', 'cactus', 'cactus', 'cactus'],
  ['pencil', '270f-fe0f', 'potlood', 'crayon', 'pencil'],
  ['glasses', '1f453', 'bril', 'lunettes', 'glasses'],
  ['shoe', '1f45f', 'schoen', 'chaussure', 'shoe'],
  ['sock', '1f9e6', 'sok', 'chaussette', 'sock'],
  ['cap', '1f9e2', 'pet', 'casquette', 'cap'],
  ['gift', '1f381', 'cadeau', 'cadeau', 'present'],
  ['kite', '1fa81', 'vlieger', 'cerf-volant', 'kite'],
  ['guitar', '1f3b8', 'gitaar', 'guitare', 'guitar'],
  ['drum', '1f941', 'trommel', 'tambour', 'drum'],
  ['backpack', '1f392', 'boekentas', 'cartable', 'schoolbag'],
  ['door', '1f6aa', 'deur', 'porte', 'door'],
  ['robot', '1f916', 'robot', 'robot', 'robot'],
  ['teddy', '1f9f8', 'knuffel', 'nounours', 'teddy'],
  ['chair', '1fa91', 'stoel', 'chaise', 'chair'],
  ['bucket', '1faa3', 'emmer', 'seau', 'bucket'],
];

export const PICTURES: readonly Picture[] = Object.freeze(
  TABLE.map(([id, codepoint, nl, fr, en]) =>
    Object.freeze({ id, names: { nl, fr, en }, codepoint }),
  ),
);

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
