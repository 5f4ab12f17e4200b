/**
 * What the demo catalogue is made of. Brands are invented (no real trademarks); names mix
 * Italian and the English words Italian fashion retail uses anyway (blazer, sneaker, trench).
 */

export const SIZE_SYSTEMS = {
  letter: ['XS', 'S', 'M', 'L', 'XL'],
  letterMen: ['S', 'M', 'L', 'XL', 'XXL'],
  jeans: ['26', '27', '28', '29', '30', '31', '32', '33', '34', '36'],
  shoesWomen: ['35', '36', '37', '38', '39', '40', '41'],
  shoesMen: ['39', '40', '41', '42', '43', '44', '45', '46'],
  shoes: ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45'],
  belt: ['80', '85', '90', '95', '100', '105', '110'],
  hat: ['S', 'M', 'L'],
  // One-size goods offer no size choice; their cart items and order lines carry size ''.
  one: [],
} as const satisfies Record<string, readonly string[]>

export type SizeSystem = keyof typeof SIZE_SYSTEMS
export type BrandGroup = 'apparel' | 'shoes' | 'leather' | 'accessories'
export type Palette = 'apparel' | 'leather' | 'metal' | 'eyewear'

export interface CategoryDef {
  category: string
  /** share of the catalogue */
  weight: number
  /** [noun, size system]; the size system follows the noun (men's and women's lines differ) */
  nouns: readonly (readonly [string, SizeSystem])[]
  /** [material, price factor] */
  materials: readonly (readonly [string, number])[]
  /** base price range in cents, before the material factor */
  price: readonly [number, number]
  brands: BrandGroup
  palette: Palette
}

const wovens = [['cotone', 1], ['lino', 1.15], ['seta', 2.2], ['viscosa', 0.9], ['popeline di cotone', 1.05]] as const
const knits = [['lana merino', 1.3], ['cashmere', 3], ['cotone', 1], ['lana e alpaca', 1.6], ['misto lana', 0.9]] as const
const outer = [['lana', 1.2], ['lana e cashmere', 1.9], ['cotone tecnico', 1], ['nylon', 0.8], ['pelle', 2.1], ['velluto', 1.1]] as const
const leathers = [['pelle', 1.2], ['pelle martellata', 1.4], ['camoscio', 1.3], ['vernice', 1.1], ['tela e pelle', 0.8]] as const
const shoeLeathers = [['pelle', 1.1], ['camoscio', 1.05], ['vernice', 1.15], ['pelle e tessuto tecnico', 0.85]] as const

export const CATEGORIES: readonly CategoryDef[] = [
  { category: 'tops', weight: 9, brands: 'apparel', palette: 'apparel', price: [2900, 9900], materials: wovens, nouns: [['T-shirt girocollo', 'letter'], ['T-shirt uomo', 'letterMen'], ['Top smanicato', 'letter'], ['Polo piqué', 'letterMen'], ['Blusa', 'letter'], ['Canotta a costine', 'letter']] },
  { category: 'shirts', weight: 7, brands: 'apparel', palette: 'apparel', price: [5900, 16900], materials: wovens, nouns: [['Camicia Oxford', 'letterMen'], ['Camicia button-down', 'letterMen'], ['Camicia oversize', 'letter'], ['Camicia a righe', 'letter'], ['Camicia coreana', 'letterMen']] },
  { category: 'knitwear', weight: 9, brands: 'apparel', palette: 'apparel', price: [6900, 16900], materials: knits, nouns: [['Maglione girocollo', 'letter'], ['Cardigan', 'letter'], ['Dolcevita', 'letter'], ['Maglia scollo a V', 'letterMen'], ['Maglione a trecce', 'letter'], ['Felpa', 'letterMen']] },
  { category: 'dresses', weight: 8, brands: 'apparel', palette: 'apparel', price: [8900, 24900], materials: wovens, nouns: [['Abito midi', 'letter'], ['Abito chemisier', 'letter'], ['Abito a portafoglio', 'letter'], ['Tubino', 'letter'], ['Abito lungo plissé', 'letter']] },
  { category: 'trousers', weight: 7, brands: 'apparel', palette: 'apparel', price: [6900, 18900], materials: [['lana', 1.3], ['cotone', 1], ['lino', 1.1], ['velluto a coste', 1.05]], nouns: [['Pantalone chino', 'letterMen'], ['Pantalone palazzo', 'letter'], ['Pantalone con pinces', 'letter'], ['Pantalone cargo', 'letterMen'], ['Jogger', 'letterMen']] },
  { category: 'jeans', weight: 6, brands: 'apparel', palette: 'apparel', price: [7900, 17900], materials: [['denim', 1], ['denim stretch', 1], ['denim cimosa', 1.4]], nouns: [['Jeans slim fit', 'jeans'], ['Jeans a zampa', 'jeans'], ['Jeans straight', 'jeans'], ['Jeans mom fit', 'jeans'], ['Jeans wide leg', 'jeans']] },
  { category: 'skirts', weight: 5, brands: 'apparel', palette: 'apparel', price: [5900, 17900], materials: [['seta', 1.8], ['lana', 1.2], ['cotone', 1], ['pelle', 2.2], ['tulle', 1.1]], nouns: [['Gonna midi', 'letter'], ['Gonna a pieghe', 'letter'], ['Minigonna', 'letter'], ['Gonna a tubino', 'letter'], ['Gonna a ruota', 'letter']] },
  { category: 'jackets', weight: 7, brands: 'apparel', palette: 'apparel', price: [12900, 32900], materials: outer, nouns: [['Blazer doppiopetto', 'letter'], ['Blazer monopetto', 'letterMen'], ['Giacca di jeans', 'letter'], ['Bomber', 'letterMen'], ['Giubbotto biker', 'letter'], ['Giacca sahariana', 'letterMen']] },
  { category: 'coats', weight: 6, brands: 'apparel', palette: 'apparel', price: [19900, 42900], materials: outer, nouns: [['Cappotto a vestaglia', 'letter'], ['Cappotto doppiopetto', 'letterMen'], ['Trench', 'letter'], ['Piumino', 'letterMen'], ['Caban', 'letterMen'], ['Montgomery', 'letter']] },
  { category: 'shoes', weight: 9, brands: 'shoes', palette: 'leather', price: [9900, 29900], materials: shoeLeathers, nouns: [['Décolleté', 'shoesWomen'], ['Mocassino', 'shoes'], ['Ballerina', 'shoesWomen'], ['Sandalo', 'shoesWomen'], ['Stringata Derby', 'shoesMen'], ['Slingback', 'shoesWomen'], ['Mule', 'shoesWomen']] },
  { category: 'sneakers', weight: 6, brands: 'shoes', palette: 'leather', price: [8900, 22900], materials: shoeLeathers, nouns: [['Sneaker', 'shoes'], ['Sneaker running', 'shoes'], ['Sneaker alta', 'shoesMen'], ['Sneaker con platform', 'shoesWomen'], ['Slip-on', 'shoes']] },
  { category: 'boots', weight: 5, brands: 'shoes', palette: 'leather', price: [15900, 39900], materials: shoeLeathers, nouns: [['Stivaletto Chelsea', 'shoes'], ['Stivale al ginocchio', 'shoesWomen'], ['Anfibio', 'shoes'], ['Tronchetto con tacco', 'shoesWomen'], ['Polacchino', 'shoesMen']] },
  { category: 'bags', weight: 11, brands: 'leather', palette: 'leather', price: [12900, 62000], materials: leathers, nouns: [['Borsa a spalla', 'one'], ['Tote bag', 'one'], ['Borsa a mano', 'one'], ['Tracolla', 'one'], ['Pochette', 'one'], ['Zaino', 'one'], ['Borsa bauletto', 'one'], ['Shopper', 'one']] },
  { category: 'wallets', weight: 3, brands: 'leather', palette: 'leather', price: [4900, 18900], materials: leathers, nouns: [['Portafoglio', 'one'], ['Portacarte', 'one'], ['Portamonete', 'one'], ['Portafoglio continental', 'one']] },
  { category: 'belts', weight: 3, brands: 'leather', palette: 'leather', price: [4900, 14900], materials: leathers, nouns: [['Cintura', 'belt'], ['Cintura reversibile', 'belt'], ['Cintura intrecciata', 'belt']] },
  { category: 'scarves', weight: 4, brands: 'accessories', palette: 'apparel', price: [2900, 12900], materials: [['seta', 1.6], ['cashmere', 2.4], ['lana', 1], ['modal', 0.8]], nouns: [['Foulard', 'one'], ['Sciarpa', 'one'], ['Stola', 'one'], ['Bandana', 'one']] },
  { category: 'hats', weight: 2, brands: 'accessories', palette: 'apparel', price: [2900, 9900], materials: [['lana', 1.1], ['paglia', 1], ['feltro', 1.3], ['cotone', 0.9]], nouns: [['Cappello fedora', 'hat'], ['Berretto', 'one'], ['Cappellino da baseball', 'one'], ['Cappello a secchiello', 'hat']] },
  { category: 'sunglasses', weight: 3, brands: 'accessories', palette: 'eyewear', price: [11900, 26900], materials: [['acetato', 1], ['metallo', 1.1]], nouns: [['Occhiali da sole cat-eye', 'one'], ['Occhiali da sole aviator', 'one'], ['Occhiali da sole squadrati', 'one'], ['Occhiali da sole tondi', 'one']] },
  { category: 'jewellery', weight: 4, brands: 'accessories', palette: 'metal', price: [2900, 15900], materials: [['argento 925', 1.3], ['ottone dorato', 0.8], ['acciaio', 0.7], ['perle d\'acqua dolce', 1.5]], nouns: [['Orecchini a cerchio', 'one'], ['Collana', 'one'], ['Bracciale rigido', 'one'], ['Anello', 'one'], ['Orecchini pendenti', 'one']] },
]

export const BRANDS: Record<BrandGroup, readonly string[]> = {
  apparel: ['Atelier Verbano', 'Casa Lombrini', 'Filo di Brera', 'Nordvento', 'Sartoria Moretto', 'Velaria', 'Linea Ventisei', 'Officina Tessile Biellese'],
  shoes: ['Calzoleria Solari', 'Passo Lieve', 'Fratelli Anselmi', 'Suola Nove'],
  leather: ['Pelletteria dell\'Arno', 'Borgo Cuoio', 'Maison Ardesia', 'Valigeria Rinaldi'],
  accessories: ['Lumen Milano', 'Corte dei Fiori', 'Occhio di Bue', 'Aurea Studio'],
}

export const PALETTES: Record<Palette, readonly string[]> = {
  apparel: ['Nero', 'Bianco', 'Blu navy', 'Cammello', 'Grigio melange', 'Beige', 'Bordeaux', 'Verde salvia', 'Rosa cipria', 'Écru', 'Panna', 'Rosso', 'Azzurro', 'Tortora', 'Verde bosco', 'Senape', 'Antracite', 'Lilla'],
  leather: ['Nero', 'Cognac', 'Testa di moro', 'Cuoio', 'Tortora', 'Bordeaux', 'Bianco', 'Beige', 'Verde oliva', 'Blu notte', 'Rosso ciliegia'],
  metal: ['Oro', 'Argento', 'Oro rosa', 'Bianco perla'],
  eyewear: ['Nero', 'Tartarugato', 'Havana', 'Oro', 'Cristallo', 'Verde bottiglia'],
}

/** Model names, Italian places: 'Borsa a spalla Portofino in pelle'. */
export const MODELS = [
  'Brera', 'Capri', 'Positano', 'Portofino', 'Amalfi', 'Bellagio', 'Taormina', 'Siena', 'Lucca', 'Cortina', 'Noto', 'Ravello',
  'Garda', 'Ischia', 'Tropea', 'Alba', 'Asolo', 'Urbino', 'Cervo', 'Orta', 'Sirmione', 'Camogli', 'Menaggio', 'Procida', 'Erice',
] as const

/** Colours customers say they like: the apparel and leather palettes together. */
export const PREFERRED_COLOURS: readonly string[] = [...new Set([...PALETTES.apparel, ...PALETTES.leather])]
