export default {
  nl: {
    printing: {
      title: 'Afdrukken en downloaden',
      format: 'Bestand',
      formats: {
        zip: 'Alles (ZIP, ook per klas)',
        cards: 'Kaarten A4',
        stickers: 'Stickers 105×48',
        xlsx: 'Excel',
      },
      firstSticker: 'Begin op sticker',
      groupPages: 'Elke klas op een nieuw blad',
      offset: 'Printerverschuiving (mm)',
      offsetX: 'Horizontaal',
      offsetY: 'Verticaal',
      saveOffset: 'Bewaar voor de school',
      offsetSaved: 'De printerverschuiving is bewaard.',
      offsetThisPrint:
        'Deze verschuiving geldt voor deze afdruk. Bewaar ze voor de school om ze te onthouden.',
      offsetOnlyHere:
        'Deze verschuiving geldt alleen voor deze afdruk; een beheerder bewaart ze voor de school.',
      offsetRange: 'Een getal van −5 tot 5 mm: {axis} werd {value}.',
      calibration: 'Kalibratieblad afdrukken',
      offsetHelp:
        'Drukt de printer alles wat te ver naar rechts of naar onder? Druk het kalibratieblad af: het zegt welke getallen je hier invult (van −5 tot 5 mm).',
      previewCards: 'Kaarten, blad 1',
      previewStickers: 'Stickers, blad 1',
      loading: 'Voorbeeld laden…',
      masked: 'In het voorbeeld zijn wachtwoorden en afbeeldingen verborgen.',
      unprintable:
        'Niet alle tekens kunnen op de kaarten en stickers: het lettertype heeft ze niet, en ze worden weggelaten. Controleer deze namen (of typ ze in Latijnse letters in de leerlingenlijst):',
      unprintableMore: 'en nog {n} leerling(en).',
      unprintableLetters:
        'Niet alle tekens kunnen in de brieven: het lettertype heeft ze niet, en ze worden weggelaten. Controleer deze namen (of typ ze in Latijnse letters in de leerlingenlijst):',
      unprintableTitle: 'Niet alle namen kunnen volledig gedrukt worden',
      printAnyway: 'Toch afdrukken',
      download: 'Downloaden',
      cancel: 'Annuleren',
    },
  },
  fr: {
    printing: {
      title: 'Imprimer et télécharger',
      format: 'Fichier',
      formats: {
        zip: 'Tout (ZIP, aussi par classe)',
        cards: 'Cartes A4',
        stickers: 'Étiquettes 105×48',
        xlsx: 'Excel',
      },
      firstSticker: "Commencer à l'étiquette",
      groupPages: 'Chaque classe sur une nouvelle feuille',
      offset: "Décalage de l'imprimante (mm)",
      offsetX: 'Horizontal',
      offsetY: 'Vertical',
      saveOffset: "Enregistrer pour l'école",
      offsetSaved: "Le décalage de l'imprimante est enregistré.",
      offsetThisPrint:
        "Ce décalage vaut pour cette impression. Enregistrez-le pour l'école pour le garder.",
      offsetOnlyHere:
        "Ce décalage vaut uniquement pour cette impression ; un administrateur l'enregistre pour l'école.",
      offsetRange: 'Une valeur de −5 à 5 mm : {axis} devient {value}.',
      calibration: "Imprimer la page d'étalonnage",
      offsetHelp:
        "L'imprimante décale tout vers la droite ou vers le bas ? Imprimez la page d'étalonnage : elle indique les valeurs à saisir ici (de −5 à 5 mm).",
      previewCards: 'Cartes, page 1',
      previewStickers: 'Étiquettes, page 1',
      loading: "Chargement de l'aperçu…",
      masked: "Les mots de passe et les images sont masqués dans l'aperçu.",
      unprintable:
        'Certains caractères ne peuvent pas être imprimés sur les cartes et les étiquettes : la police ne les contient pas et ils sont omis. Vérifiez ces noms (ou saisissez-les en lettres latines dans la liste des élèves) :',
      unprintableMore: 'et encore {n} élève(s).',
      unprintableLetters:
        'Certains caractères ne peuvent pas être imprimés dans les lettres : la police ne les contient pas et ils sont omis. Vérifiez ces noms (ou saisissez-les en lettres latines dans la liste des élèves) :',
      unprintableTitle: 'Tous les noms ne peuvent pas être imprimés entièrement',
      printAnyway: 'Imprimer quand même',
      download: 'Télécharger',
      cancel: 'Annuler',
    },
  },
  en: {
    printing: {
      title: 'Print and download',
      format: 'File',
      formats: {
        zip: 'Everything (ZIP, also per class)',
        cards: 'Cards A4',
        stickers: 'Stickers 105×48',
        xlsx: 'Excel',
      },
      firstSticker: 'Start at sticker',
      groupPages: 'Each class on a new sheet',
      offset: 'Printer offset (mm)',
      offsetX: 'Horizontal',
      offsetY: 'Vertical',
      saveOffset: 'Save for the school',
      offsetSaved: 'The printer offset has been saved.',
      offsetThisPrint: 'This offset applies to this print. Save it for the school to keep it.',
      offsetOnlyHere:
        'This offset applies to this print only; an administrator saves it for the school.',
      offsetRange: 'A number from −5 to 5 mm: {axis} became {value}.',
      calibration: 'Print calibration sheet',
      offsetHelp:
        'Does the printer put everything too far right or down? Print the calibration sheet: it tells which numbers to enter here (−5 to 5 mm).',
      previewCards: 'Cards, sheet 1',
      previewStickers: 'Stickers, sheet 1',
      loading: 'Loading preview…',
      masked: 'Passwords and pictures are hidden in the preview.',
      unprintable:
        'Some characters cannot be printed on the cards and stickers: the font does not have them, so they are left out. Check these names (or type them in Latin letters in the student list):',
      unprintableMore: 'and {n} more student(s).',
      unprintableLetters:
        'Some characters cannot be printed in the letters: the font does not have them, so they are left out. Check these names (or type them in Latin letters in the student list):',
      unprintableTitle: 'Not every name can be printed in full',
      printAnyway: 'Print anyway',
      download: 'Download',
      cancel: 'Cancel',
    },
  },
};
