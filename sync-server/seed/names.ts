/**
 * Names for demo customers: mostly Italian, plus the accents, apostrophes and scripts a
 * store in a tourist city sees every day, so search folding (Niccolò → niccolo, Ørsted →
 * orsted, D'Angelo → d angelo) gets exercised by ordinary data.
 */

export const IT_FEMALE = [
  'Giulia', 'Sofia', 'Aurora', 'Alice', 'Ginevra', 'Emma', 'Giorgia', 'Beatrice', 'Vittoria', 'Martina', 'Chiara', 'Francesca',
  'Sara', 'Alessia', 'Elena', 'Federica', 'Valentina', 'Silvia', 'Laura', 'Paola', 'Anna', 'Maria', 'Rossella', 'Ilaria',
  'Elisa', 'Arianna', 'Camilla', 'Noemi', 'Greta', 'Bianca', 'Ludovica', 'Carlotta', 'Benedetta', 'Marta', 'Caterina', 'Gaia',
  'Matilde', 'Cristina', 'Roberta', 'Daniela', 'Antonella', 'Patrizia', 'Simona', 'Monica', 'Barbara', 'Manuela', 'Lucrezia',
  'Margherita', 'Rebecca', 'Irene', 'Veronica', 'Serena', 'Donatella', 'Maria Grazia', 'Anna Maria', 'Nicoletta', 'Zoe', 'Asia',
]

export const IT_MALE = [
  'Leonardo', 'Francesco', 'Alessandro', 'Lorenzo', 'Mattia', 'Andrea', 'Gabriele', 'Tommaso', 'Riccardo', 'Edoardo', 'Matteo',
  'Giuseppe', 'Antonio', 'Marco', 'Luca', 'Giovanni', 'Roberto', 'Stefano', 'Paolo', 'Davide', 'Simone', 'Federico', 'Pietro',
  'Filippo', 'Daniele', 'Emanuele', 'Michele', 'Fabio', 'Massimo', 'Alberto', 'Claudio', 'Enrico', 'Giorgio', 'Salvatore',
  'Vincenzo', 'Carlo', 'Luigi', 'Nicola', 'Niccolò', 'Nicolò', 'Gianluca', 'Pierpaolo', 'Gian Marco', 'Jacopo', 'Elia',
  'Samuele', 'Christian', 'Diego', 'Raffaele', 'Ettore', 'Ludovico', 'Cosimo', 'Noè', 'Mirko', 'Sergio', 'Franco', 'Giosuè',
]

export const IT_SURNAMES = [
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo',
  'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro',
  'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', 'Longo', 'Gentile', 'Martinelli', 'Vitale',
  'Lombardo', 'Serra', 'Coppola', 'De Santis', 'D\'Angelo', 'Marchetti', 'Parisi', 'Villa', 'Conte', 'Ferraro', 'Ferri',
  'Fabbri', 'Bianco', 'Marini', 'Grasso', 'Valentini', 'Messina', 'Sala', 'De Angelis', 'Gatti', 'Pellegrini', 'Palumbo',
  'Sanna', 'Farina', 'Rizzi', 'Monti', 'Cattaneo', 'Morelli', 'Amato', 'Silvestri', 'Mazza', 'Testa', 'Grassi', 'Pellegrino',
  'Carbone', 'Giuliani', 'Benedetti', 'Barone', 'Rossetti', 'Caputo', 'Montanari', 'Guerra', 'Palmieri', 'Bernardi',
  'Martino', 'Fiore', 'De Rosa', 'Ferretti', 'Bellini', 'Basile', 'Riva', 'Donati', 'Piras', 'Vitali', 'Battaglia',
  'Sartori', 'Neri', 'Costantini', 'Milani', 'Pagano', 'Ruggiero', 'Sorrentino', 'D\'Amico', 'Orlando', 'D\'Alessandro',
  'Dell\'Acqua', 'Dall\'Olio', 'Lo Russo', 'La Rosa', 'Di Stefano', 'Di Giovanni', 'Aricò', 'Saccà', 'Cannavò', 'Pellicanò',
  'Lucà', 'Brambilla', 'Zanetti', 'Bertolini', 'Ferrero', 'Bortolotti', 'Innocenti',
]

export interface Origin {
  key: string
  /** share of the international customers */
  weight: number
  female: readonly string[]
  male: readonly string[]
  surnames: readonly string[]
  /** international format of a phone there; digits come from the PRNG */
  phone: (digits: (n: number) => string) => string
  /** how many of them live in Italy (Italian phone, often Italian as their language) */
  resident: number
}

export const ORIGINS: readonly Origin[] = [
  { key: 'uk', weight: 10, resident: 0.2, female: ['Olivia', 'Amelia', 'Isla', 'Zoë', 'Chloe', 'Emily', 'Charlotte', 'Grace'], male: ['Oliver', 'George', 'Harry', 'James', 'William', 'Jack'], surnames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Clarke', 'Hughes', 'Evans', 'Fforde'], phone: d => d(1) < '5' ? `+44 20 7946 0${d(3)}` : `+44 7700 900${d(3)}` },
  { key: 'ie', weight: 3, resident: 0.2, female: ['Siobhán', 'Aoife', 'Niamh', 'Saoirse'], male: ['Seán', 'Cian', 'Ciarán', 'Pádraig'], surnames: ['O\'Brien', 'O\'Sullivan', 'Murphy', 'Kelly', 'MacCarthy', 'Ó Súilleabháin'], phone: d => `+353 87 ${d(3)} ${d(4)}` },
  { key: 'us', weight: 9, resident: 0.1, female: ['Madison', 'Ashley', 'Mary-Kate', 'Hannah', 'Abigail'], male: ['Michael', 'Ethan', 'Tyler', 'Brandon', 'Joshua'], surnames: ['Johnson', 'Miller', 'Davis', 'Garcia', 'Rodriguez', 'Anderson', 'Thompson', 'O\'Neill'], phone: d => `+1 ${d(1) < '5' ? '212' : '310'}-555-01${d(2)}` },
  { key: 'fr', weight: 9, resident: 0.3, female: ['Chloé', 'Émilie', 'Léa', 'Manon', 'Renée', 'Zoë', 'Hélène', 'Anaïs'], male: ['François', 'Jérôme', 'Théo', 'Loïc', 'Benoît', 'Gaël'], surnames: ['Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Bonnet', 'Faure', 'Rousseau', 'Château'], phone: d => `+33 6 ${d(2)} ${d(2)} ${d(2)} ${d(2)}` },
  { key: 'de', weight: 9, resident: 0.3, female: ['Lena', 'Hanna', 'Jana', 'Anneliese', 'Käthe'], male: ['Jürgen', 'Jörg', 'Lukas', 'Maximilian', 'Günther'], surnames: ['Müller', 'Schäfer', 'Schröder', 'Weiß', 'Groß', 'Köhler', 'Fischer', 'Becker'], phone: d => `+49 151 ${d(4)} ${d(4)}` },
  { key: 'es', weight: 7, resident: 0.35, female: ['María José', 'Lucía', 'Inés', 'Begoña', 'Ana María'], male: ['José', 'Jesús', 'Álvaro', 'Iñigo', 'Andrés'], surnames: ['García', 'Martínez', 'Núñez', 'Peña', 'Fernández', 'Sánchez', 'Ibáñez'], phone: d => `+34 6${d(2)} ${d(3)} ${d(3)}` },
  { key: 'nordic', weight: 5, resident: 0.15, female: ['Åsa', 'Ingrid', 'Freja', 'Maja', 'Sølvi'], male: ['Björn', 'Søren', 'Øystein', 'Anders', 'Mikkel'], surnames: ['Ørsted', 'Johansson', 'Andersen', 'Lindqvist', 'Håkansson', 'Sørensen'], phone: d => `+45 ${d(2)} ${d(2)} ${d(2)} ${d(2)}` },
  { key: 'pl', weight: 4, resident: 0.6, female: ['Małgorzata', 'Agnieszka', 'Zofia'], male: ['Łukasz', 'Paweł', 'Wojciech'], surnames: ['Nowak', 'Wójcik', 'Kaczmarek', 'Mazur', 'Krawczyk', 'Woźniak'], phone: d => `+48 5${d(2)} ${d(3)} ${d(3)}` },
  { key: 'ro', weight: 6, resident: 0.85, female: ['Ioana', 'Andreea', 'Elena', 'Mădălina'], male: ['Ștefan', 'Andrei', 'Mihai', 'Răzvan'], surnames: ['Popescu', 'Ionescu', 'Dumitrescu', 'Constantinescu', 'Stănescu'], phone: d => `+40 7${d(2)} ${d(3)} ${d(3)}` },
  { key: 'ma', weight: 5, resident: 0.85, female: ['Fatima', 'Yasmine', 'Salma'], male: ['Youssef', 'Karim', 'Mehdi'], surnames: ['El Amrani', 'Benali', 'Haddad', 'El Idrissi'], phone: d => `+212 6${d(2)}-${d(6)}` },
  { key: 'pt', weight: 4, resident: 0.3, female: ['Inês', 'Conceição', 'Joana'], male: ['João', 'Gonçalo', 'Sebastião'], surnames: ['Gonçalves', 'Araújo', 'Simões', 'Magalhães'], phone: d => `+351 9${d(2)} ${d(3)} ${d(3)}` },
  { key: 'cz', weight: 2, resident: 0.3, female: ['Tereza', 'Kateřina'], male: ['Jiří', 'Tomáš', 'Šimon'], surnames: ['Dvořák', 'Černý', 'Procházka'], phone: d => `+420 6${d(2)} ${d(3)} ${d(3)}` },
  { key: 'vn', weight: 3, resident: 0.4, female: ['Linh', 'Thảo', 'Hương'], male: ['Minh', 'Dũng', 'Tuấn'], surnames: ['Nguyễn', 'Trần', 'Lê', 'Phạm'], phone: d => `+84 9${d(1)} ${d(3)} ${d(2)} ${d(2)}` },
  { key: 'jp', weight: 4, resident: 0.1, female: ['Yui', 'Sakura', 'Aiko'], male: ['Haruto', 'Kenji', 'Takumi'], surnames: ['Tanaka', 'Suzuki', 'Takahashi', 'Satō', 'Itō'], phone: d => `+81 90-${d(4)}-${d(4)}` },
]
