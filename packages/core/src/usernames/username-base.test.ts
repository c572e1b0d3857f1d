import { describe, expect, it } from '@jest/globals';
import { isCanonicalValidUsername } from './rules.js';
import { type UsernameReviewReason, usernameBase } from './username-base.js';

type Row = [
  firstName: string,
  lastName: string,
  base: string | null,
  reasons?: UsernameReviewReason[],
];

const T: UsernameReviewReason[] = ['transliterated'];

// Names as Belgian schools enrol them; expected values written by hand from DESIGN.md §4.
const NAMES: Row[] = [
  // Dutch and French particles
  ['Jan', 'Van den Broeck', 'jan.vandenbroeck'],
  ['Lotte', 'De Smet', 'lotte.desmet'],
  ['Pieter', 'Van Der Auwera', 'pieter.vanderauwera'],
  ['Louis', 'Vanden Eynde', 'louis.vandeneynde'],
  ['Lars', 'Van de Walle', 'lars.vandewalle'],
  ['Bram', 'Op de Beeck', 'bram.opdebeeck'],
  ['Jan-Willem', "van 't Hof", 'janwillem.vanthof'],
  ['Emma', 'Peeters', 'emma.peeters'],
  ['Camille', 'de la Fontaine', 'camille.delafontaine'],
  // apostrophes (straight and typographic)
  ['Ilse', "D'Hondt", 'ilse.dhondt'],
  ['Aminata', "N'Diaye", 'aminata.ndiaye'],
  ['Kevin', 'O’Brien', 'kevin.obrien'],
  // hyphens and double first names
  ['Eben-Ezer', 'Mulumba', 'ebenezer.mulumba'],
  ['Jean-Pierre', 'Dubois', 'jeanpierre.dubois'],
  ['Anna Maria', 'Janssens', 'annamaria.janssens'],
  ['Marie-Louise', 'Vandevelde', 'marielouise.vandevelde'],
  ['Fatima-Zahra', 'Bouzid', 'fatimazahra.bouzid'],
  ['Sean', 'McDonald-Smith', 'sean.mcdonaldsmith'],
  ['Mohamed', 'Ben Salah', 'mohamed.bensalah'],
  ['Aïsha', 'El Amrani', 'aisha.elamrani'],
  ['Yasmina', 'Aït Ouarab', 'yasmina.aitouarab'],
  // Turkish
  ['Şükrü', 'Yılmaz', 'sukru.yilmaz'],
  ['İpek', 'Öztürk', 'ipek.ozturk'],
  ['Çağla', 'Güneş', 'cagla.gunes'],
  ['Işıl', 'Kılıç', 'isil.kilic'],
  // Polish, Czech, Slovak, Baltic, Hungarian, Albanian
  ['Łukasz', 'Wójcik', 'lukasz.wojcik'],
  ['Małgorzata', 'Wiśniewska', 'malgorzata.wisniewska'],
  ['Ivana', 'Dvořák', 'ivana.dvorak'],
  ['Ľubomír', 'Ďurica', 'lubomir.durica'],
  ['Žygimantas', 'Kazlauskas', 'zygimantas.kazlauskas'],
  ['Līga', 'Bērziņa', 'liga.berzina'],
  ['Zsófia', 'Szőke', 'zsofia.szoke'],
  ['Ëndrit', 'Çela', 'endrit.cela'],
  // Romanian (comma below) and South Slavic
  ['Ștefan', 'Țăran', 'stefan.taran'],
  ['Ioana', 'Popescu-Ionescu', 'ioana.popescuionescu'],
  ['Dragan', 'Đorđević', 'dragan.dordevic'],
  ['Ǆemal', 'Ǉubić', 'dzemal.ljubic'],
  // German, Scandinavian, Icelandic, Dutch ij
  ['Jörg', 'Bäßler', 'jorg.bassler'],
  ['Søren', 'Ærø', 'soren.aero'],
  ['Björn', 'Ólafsson', 'bjorn.olafsson'],
  ['Þóra', 'Sigurðardóttir', 'thora.sigurdardottir'],
  ['Guðrún', 'Jónsdóttir', 'gudrun.jonsdottir'],
  ['Ĳsbrand', 'Ĳzerman', 'ijsbrand.ijzerman'],
  ['Joséphine', 'Rœder', 'josephine.roeder'],
  // French, Spanish
  ['Chloé', 'Lefèvre', 'chloe.lefevre'],
  ['François', 'Lemaître', 'francois.lemaitre'],
  ['Noël', 'Günther', 'noel.gunther'],
  ['José', 'Núñez', 'jose.nunez'],
  ['Zoë', 'Ångström', 'zoe.angstrom'],
  // Vietnamese (given names first name field, family name last)
  ['Thị Ánh', 'Nguyễn', 'thianh.nguyen'],
  ['Đức', 'Trần', 'duc.tran'],
  ['Ngọc Hân', 'Lê', 'ngochan.le'],
  // Latin letters outside NFKD and the explicit map: romanised without a review flag
  ['Əli', 'Həsənov', 'eli.hesenov'],
  // other scripts: romanised and flagged
  ['Иван', 'Петров', 'ivan.petrov', T],
  ['Олена', 'Шевченко', 'olena.shevchenko', T],
  ['محمد', 'العلي', 'mhmd.lly', T],
  ['Youssef', 'الحسني', 'youssef.lhsny', T],
  ['Γιώργος', 'Παπαδόπουλος', 'giorgos.papadopoylos', T],
  ['伟', '张', 'wei.zhang', T],
  ['민준', '김', 'minjun.gim', T],
  ['Արամ', 'Պետրոսյան', 'aram.petrosyan', T],
  ['ნინო', 'ბერიძე', 'nino.beridze', T],
  ['דוד', 'כהן', 'dvd.khhn', T],
  // a Cyrillic "А" hiding in a Latin-looking name is flagged too
  ['Аnna', 'Peeters', 'anna.peeters', T],
  // case, spacing, width, digits, stray characters
  ['ZOË', 'DE WACHTER', 'zoe.dewachter'],
  ['  Lien  ', '  Claes ', 'lien.claes'],
  ['Ｌｉｎ', 'Ｗａｎｇ', 'lin.wang'],
  ['Jan 2', 'Smet', 'jan2.smet'],
  ['Lena 🌸', 'Wouters', 'lena.wouters'],
  ['jan@school.be', 'Peeters', 'janschoolbe.peeters'],
  // control characters, bidi marks, zero-width characters, unpaired surrogates
  ['Em\u0000ma', 'Pee\u0007ters', 'emma.peeters'],
  ['\u200FSara', 'Peeters\u200E\u202E', 'sara.peeters'],
  ['\uFEFFLiam', 'Maes\u200D', 'liam.maes'],
  ['\uD800Tom', 'Claes\uDFFF', 'tom.claes'],
  // too long: cut to 50, the shorter part kept whole
  [
    'Maria Theresia Walburga Amalia Christina Johanna',
    'Van Habsburg-Lotharingen',
    'mariatheresiawalburgaamalia.vanhabsburglotharingen',
    ['truncated'],
  ],
  ['Jan', 'x'.repeat(60), `jan.${'x'.repeat(46)}`, ['truncated']],
  ['A'.repeat(500), 'B'.repeat(500), `${'a'.repeat(24)}.${'b'.repeat(25)}`, ['truncated']],
  ['a'.repeat(24), 'b'.repeat(25), `${'a'.repeat(24)}.${'b'.repeat(25)}`],
  // nothing usable left: the admin types a username
  ['😀🎉', 'Peeters', null, ['empty_first_name']],
  ['Emma', '***', null, ['empty_last_name']],
  ['', '', null, ['empty_first_name', 'empty_last_name']],
  ['   ', '\t\n', null, ['empty_first_name', 'empty_last_name']],
  ['\u200F\u202E', '\uD83D', null, ['empty_first_name', 'empty_last_name']],
  ['Иван', '🙂', null, ['transliterated', 'empty_last_name']],
];

describe('usernameBase', () => {
  it('covers at least 60 real-world names', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(NAMES)('%j %j -> %j', (first, last, base, reasons = []) => {
    const result = usernameBase(first, last);
    expect(result).toEqual({ base, needsReview: reasons.length > 0, reasons });
    if (result.base !== null) {
      expect(isCanonicalValidUsername(result.base)).toBe(true);
      expect(result.base.length).toBeLessThanOrEqual(50);
    }
  });

  it('never throws on hostile input', () => {
    const hostile = [
      '\uD800'.repeat(500),
      '\uDC00\uD800',
      '\u0000\u0001\u001F\u007F',
      '\u202E\u2066\u2069',
      '🏳️‍🌈'.repeat(100),
      'x\u0301'.repeat(300),
      '\u00A8'.repeat(50),
      'ﷺ'.repeat(20),
    ];
    for (const a of hostile)
      for (const b of hostile) expect(() => usernameBase(a, b)).not.toThrow();
  });

  it('treats non-string input as empty instead of throwing', () => {
    const loose = usernameBase as (a: unknown, b: unknown) => ReturnType<typeof usernameBase>;
    expect(loose(undefined, null).base).toBeNull();
  });
});
