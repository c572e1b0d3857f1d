// Names seen in Flemish and Brussels schools, including diacritics and non-Dutch origins.
export const FIRST_NAMES = [
  'Ivica', 'Keshab', 'Eben-Ezer', 'Manao', 'Franci', 'Borel', 'Wilhelmina', 'Mac', 'Süheda', 'Aurelian',
  'Abdulghani', 'Şükrü', 'Łukasz', 'Ștefan', 'Zoë', 'Noë', 'Anaïs', 'Chloé', 'Jérôme', 'Loïc',
  'Emma', 'Louise', 'Olivia', 'Mila', 'Noor', 'Lina', 'Fien', 'Marie', 'Elena', 'Nora',
  'Noah', 'Arthur', 'Louis', 'Liam', 'Jules', 'Lucas', 'Adam', 'Finn', 'Vic', 'Mathis',
  'Yasmine', 'Aya', 'Ilias', 'Mohamed', 'Rayan', 'Imane', 'Youssef', 'Amira', 'Hamza', 'Salma',
  'Kacper', 'Zuzanna', 'Oliwia', 'Jakub', 'Andrei', 'Ioana', 'Mihai', 'Elif', 'Emir', 'İpek',
  'Søren', 'Jörg', 'Björn', 'Núria', 'Iñaki', 'Thị Ánh', 'Minh', 'Jean-Pierre', 'Marie-Louise', 'Anne-Sophie',
];

export const LAST_NAMES = [
  'Cauberghs', 'Caubergs', 'Charneux', 'Colignon', 'Daeleman', 'Daelemans', 'Daniëls', 'Daoust', 'Carabin', 'Appels',
  'Bogdan', 'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters',
  'De Smet', 'Van den Broeck', 'Van Der Auwera', "D'Hondt", "N'Diaye", 'Vermeulen', 'Dubois', 'Lambert', 'Dupont', 'Martens',
  'Yılmaz', 'Wójcik', 'Țăran', 'Kowalski', 'Nowak', 'Popescu', 'Öztürk', 'Çelik', 'El Amrani', 'Benali',
  'Bäßler', 'Ærø', 'Núñez', 'Nguyễn', 'Van Damme', 'Verhoeven', 'De Backer', 'Vandenberghe', 'Desmet', 'Leclercq',
];

export const SECONDARY_GROUPS = [
  '1e lj 1e gr A-stroom',
  '2e lj 1e gr Latijn',
  '1e lj 2e gr Houttechnieken TSO',
  '2e lj 2e gr Wetenschappen ASO',
  '1e lj 3e gr Wetenschappen-wiskunde ASO',
  '1e lj 3e gr Latijn-wiskunde ASO',
  '2e lj 3e gr Mechan. vormgevingstech. TSO',
  '2e lj 3e gr Elektri.installatietechn.TSO',
];

export const PRIMARY_GROUPS = ['1ste leerjaar', '2de leerjaar', '3de leerjaar', '4de leerjaar', '5de leerjaar', '6de leerjaar'];
