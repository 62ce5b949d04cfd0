// The 77 provinces (codes, names and regions as in libs/WelfarePlatform.Reference/ProvinceTable.cs)
// with a tile-grid position: each province one square tile, placed so that the grid keeps
// Thailand's shape (north at the top, Isan to the east, the peninsula running south). row 0 is
// the northernmost row; col 0 the westernmost column. abbr: the usual three-letter short name.

export type Region = "north" | "northeast" | "central" | "east" | "west" | "south";

export interface Province {
  code: string;
  nameTh: string;
  nameEn: string;
  abbr: string;
  region: Region;
  row: number;
  col: number;
}

export const PROVINCES: readonly Province[] = [
  { code: "10", nameTh: "กรุงเทพมหานคร", nameEn: "Bangkok", abbr: "BKK", region: "central", row: 9, col: 2 },
  { code: "11", nameTh: "สมุทรปราการ", nameEn: "Samut Prakan", abbr: "SPK", region: "central", row: 9, col: 3 },
  { code: "12", nameTh: "นนทบุรี", nameEn: "Nonthaburi", abbr: "NBI", region: "central", row: 8, col: 2 },
  { code: "13", nameTh: "ปทุมธานี", nameEn: "Pathum Thani", abbr: "PTE", region: "central", row: 8, col: 3 },
  { code: "14", nameTh: "พระนครศรีอยุธยา", nameEn: "Phra Nakhon Si Ayutthaya", abbr: "AYA", region: "central", row: 7, col: 3 },
  { code: "15", nameTh: "อ่างทอง", nameEn: "Ang Thong", abbr: "ATG", region: "central", row: 7, col: 2 },
  { code: "16", nameTh: "ลพบุรี", nameEn: "Lopburi", abbr: "LRI", region: "central", row: 5, col: 3 },
  { code: "17", nameTh: "สิงห์บุรี", nameEn: "Sing Buri", abbr: "SBR", region: "central", row: 6, col: 2 },
  { code: "18", nameTh: "ชัยนาท", nameEn: "Chai Nat", abbr: "CNT", region: "central", row: 6, col: 1 },
  { code: "19", nameTh: "สระบุรี", nameEn: "Saraburi", abbr: "SRI", region: "central", row: 6, col: 3 },
  { code: "20", nameTh: "ชลบุรี", nameEn: "Chonburi", abbr: "CBI", region: "east", row: 9, col: 4 },
  { code: "21", nameTh: "ระยอง", nameEn: "Rayong", abbr: "RYG", region: "east", row: 10, col: 4 },
  { code: "22", nameTh: "จันทบุรี", nameEn: "Chanthaburi", abbr: "CTI", region: "east", row: 10, col: 5 },
  { code: "23", nameTh: "ตราด", nameEn: "Trat", abbr: "TRT", region: "east", row: 10, col: 6 },
  { code: "24", nameTh: "ฉะเชิงเทรา", nameEn: "Chachoengsao", abbr: "CCO", region: "east", row: 8, col: 4 },
  { code: "25", nameTh: "ปราจีนบุรี", nameEn: "Prachinburi", abbr: "PRI", region: "east", row: 7, col: 5 },
  { code: "26", nameTh: "นครนายก", nameEn: "Nakhon Nayok", abbr: "NYK", region: "central", row: 7, col: 4 },
  { code: "27", nameTh: "สระแก้ว", nameEn: "Sa Kaeo", abbr: "SKW", region: "east", row: 7, col: 6 },
  { code: "30", nameTh: "นครราชสีมา", nameEn: "Nakhon Ratchasima", abbr: "NMA", region: "northeast", row: 6, col: 4 },
  { code: "31", nameTh: "บุรีรัมย์", nameEn: "Buriram", abbr: "BRM", region: "northeast", row: 6, col: 5 },
  { code: "32", nameTh: "สุรินทร์", nameEn: "Surin", abbr: "SRN", region: "northeast", row: 6, col: 6 },
  { code: "33", nameTh: "ศรีสะเกษ", nameEn: "Sisaket", abbr: "SSK", region: "northeast", row: 6, col: 7 },
  { code: "34", nameTh: "อุบลราชธานี", nameEn: "Ubon Ratchathani", abbr: "UBN", region: "northeast", row: 6, col: 8 },
  { code: "35", nameTh: "ยโสธร", nameEn: "Yasothon", abbr: "YST", region: "northeast", row: 5, col: 7 },
  { code: "36", nameTh: "ชัยภูมิ", nameEn: "Chaiyaphum", abbr: "CPM", region: "northeast", row: 5, col: 4 },
  { code: "37", nameTh: "อำนาจเจริญ", nameEn: "Amnat Charoen", abbr: "ACR", region: "northeast", row: 5, col: 8 },
  { code: "38", nameTh: "บึงกาฬ", nameEn: "Bueng Kan", abbr: "BKN", region: "northeast", row: 2, col: 6 },
  { code: "39", nameTh: "หนองบัวลำภู", nameEn: "Nong Bua Lamphu", abbr: "NBP", region: "northeast", row: 4, col: 4 },
  { code: "40", nameTh: "ขอนแก่น", nameEn: "Khon Kaen", abbr: "KKN", region: "northeast", row: 4, col: 5 },
  { code: "41", nameTh: "อุดรธานี", nameEn: "Udon Thani", abbr: "UDN", region: "northeast", row: 3, col: 5 },
  { code: "42", nameTh: "เลย", nameEn: "Loei", abbr: "LEI", region: "northeast", row: 3, col: 4 },
  { code: "43", nameTh: "หนองคาย", nameEn: "Nong Khai", abbr: "NKI", region: "northeast", row: 2, col: 5 },
  { code: "44", nameTh: "มหาสารคาม", nameEn: "Maha Sarakham", abbr: "MKM", region: "northeast", row: 5, col: 5 },
  { code: "45", nameTh: "ร้อยเอ็ด", nameEn: "Roi Et", abbr: "RET", region: "northeast", row: 5, col: 6 },
  { code: "46", nameTh: "กาฬสินธุ์", nameEn: "Kalasin", abbr: "KSN", region: "northeast", row: 4, col: 6 },
  { code: "47", nameTh: "สกลนคร", nameEn: "Sakon Nakhon", abbr: "SNK", region: "northeast", row: 3, col: 6 },
  { code: "48", nameTh: "นครพนม", nameEn: "Nakhon Phanom", abbr: "NPM", region: "northeast", row: 3, col: 7 },
  { code: "49", nameTh: "มุกดาหาร", nameEn: "Mukdahan", abbr: "MDH", region: "northeast", row: 4, col: 7 },
  { code: "50", nameTh: "เชียงใหม่", nameEn: "Chiang Mai", abbr: "CMI", region: "north", row: 1, col: 1 },
  { code: "51", nameTh: "ลำพูน", nameEn: "Lamphun", abbr: "LPN", region: "north", row: 2, col: 1 },
  { code: "52", nameTh: "ลำปาง", nameEn: "Lampang", abbr: "LPG", region: "north", row: 2, col: 2 },
  { code: "53", nameTh: "อุตรดิตถ์", nameEn: "Uttaradit", abbr: "UTD", region: "north", row: 3, col: 2 },
  { code: "54", nameTh: "แพร่", nameEn: "Phrae", abbr: "PRE", region: "north", row: 2, col: 3 },
  { code: "55", nameTh: "น่าน", nameEn: "Nan", abbr: "NAN", region: "north", row: 1, col: 3 },
  { code: "56", nameTh: "พะเยา", nameEn: "Phayao", abbr: "PYO", region: "north", row: 1, col: 2 },
  { code: "57", nameTh: "เชียงราย", nameEn: "Chiang Rai", abbr: "CRI", region: "north", row: 0, col: 2 },
  { code: "58", nameTh: "แม่ฮ่องสอน", nameEn: "Mae Hong Son", abbr: "MSN", region: "north", row: 1, col: 0 },
  { code: "60", nameTh: "นครสวรรค์", nameEn: "Nakhon Sawan", abbr: "NSN", region: "central", row: 5, col: 1 },
  { code: "61", nameTh: "อุทัยธานี", nameEn: "Uthai Thani", abbr: "UTI", region: "central", row: 5, col: 0 },
  { code: "62", nameTh: "กำแพงเพชร", nameEn: "Kamphaeng Phet", abbr: "KPT", region: "central", row: 4, col: 1 },
  { code: "63", nameTh: "ตาก", nameEn: "Tak", abbr: "TAK", region: "west", row: 3, col: 0 },
  { code: "64", nameTh: "สุโขทัย", nameEn: "Sukhothai", abbr: "STI", region: "central", row: 3, col: 1 },
  { code: "65", nameTh: "พิษณุโลก", nameEn: "Phitsanulok", abbr: "PLK", region: "central", row: 4, col: 2 },
  { code: "66", nameTh: "พิจิตร", nameEn: "Phichit", abbr: "PCT", region: "central", row: 5, col: 2 },
  { code: "67", nameTh: "เพชรบูรณ์", nameEn: "Phetchabun", abbr: "PNB", region: "central", row: 4, col: 3 },
  { code: "70", nameTh: "ราชบุรี", nameEn: "Ratchaburi", abbr: "RBR", region: "west", row: 8, col: 0 },
  { code: "71", nameTh: "กาญจนบุรี", nameEn: "Kanchanaburi", abbr: "KRI", region: "west", row: 6, col: 0 },
  { code: "72", nameTh: "สุพรรณบุรี", nameEn: "Suphan Buri", abbr: "SPB", region: "central", row: 7, col: 1 },
  { code: "73", nameTh: "นครปฐม", nameEn: "Nakhon Pathom", abbr: "NPT", region: "central", row: 8, col: 1 },
  { code: "74", nameTh: "สมุทรสาคร", nameEn: "Samut Sakhon", abbr: "SKN", region: "central", row: 9, col: 1 },
  { code: "75", nameTh: "สมุทรสงคราม", nameEn: "Samut Songkhram", abbr: "SKM", region: "central", row: 9, col: 0 },
  { code: "76", nameTh: "เพชรบุรี", nameEn: "Phetchaburi", abbr: "PBI", region: "west", row: 10, col: 0 },
  { code: "77", nameTh: "ประจวบคีรีขันธ์", nameEn: "Prachuap Khiri Khan", abbr: "PKN", region: "west", row: 11, col: 0 },
  { code: "80", nameTh: "นครศรีธรรมราช", nameEn: "Nakhon Si Thammarat", abbr: "NRT", region: "south", row: 14, col: 2 },
  { code: "81", nameTh: "กระบี่", nameEn: "Krabi", abbr: "KBI", region: "south", row: 14, col: 1 },
  { code: "82", nameTh: "พังงา", nameEn: "Phang Nga", abbr: "PNA", region: "south", row: 13, col: 0 },
  { code: "83", nameTh: "ภูเก็ต", nameEn: "Phuket", abbr: "PKT", region: "south", row: 14, col: 0 },
  { code: "84", nameTh: "สุราษฎร์ธานี", nameEn: "Surat Thani", abbr: "SNI", region: "south", row: 13, col: 1 },
  { code: "85", nameTh: "ระนอง", nameEn: "Ranong", abbr: "RNG", region: "south", row: 12, col: 0 },
  { code: "86", nameTh: "ชุมพร", nameEn: "Chumphon", abbr: "CPN", region: "south", row: 12, col: 1 },
  { code: "90", nameTh: "สงขลา", nameEn: "Songkhla", abbr: "SKA", region: "south", row: 16, col: 2 },
  { code: "91", nameTh: "สตูล", nameEn: "Satun", abbr: "STN", region: "south", row: 16, col: 1 },
  { code: "92", nameTh: "ตรัง", nameEn: "Trang", abbr: "TRG", region: "south", row: 15, col: 1 },
  { code: "93", nameTh: "พัทลุง", nameEn: "Phatthalung", abbr: "PLG", region: "south", row: 15, col: 2 },
  { code: "94", nameTh: "ปัตตานี", nameEn: "Pattani", abbr: "PTN", region: "south", row: 16, col: 3 },
  { code: "95", nameTh: "ยะลา", nameEn: "Yala", abbr: "YLA", region: "south", row: 17, col: 3 },
  { code: "96", nameTh: "นราธิวาส", nameEn: "Narathiwat", abbr: "NWT", region: "south", row: 17, col: 4 },
];

export const GRID_ROWS = Math.max(...PROVINCES.map((p) => p.row)) + 1;
export const GRID_COLS = Math.max(...PROVINCES.map((p) => p.col)) + 1;

const byCode = new Map(PROVINCES.map((p) => [p.code, p]));

export function provinceByCode(code: string): Province | undefined {
  return byCode.get(code);
}
