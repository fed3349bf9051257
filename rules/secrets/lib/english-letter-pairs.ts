/**
 * How much likelier each letter pair is in English words than in random letters: for the pair
 * (a, b), log2(P(b after a) × 26), rounded, as the character code minus 0x46 (-6…+5). Made by
 * scripts/english-letter-pairs.ts from English prose (Debian changelogs and licence texts); do not edit.
 */
const TABLE =
  "CGFGCDFAF@EGGH@F@GGHEEBCD@GCEDGDDDIC@HCCGE@FEEHBADGBGCECGCBHF@GGDBHEAFEGEF@BG@GDDGIDDDHBCEECGD@GFDFBCAC@" +
  "GGFGEEDACABFFHBFCHHGCEEEC@FCDDFGB@I@@FBBHCAHGFE@BBD@FCEDIDDFG@@GEFGE@GFEFBAABCHADDIE@AH@@CCDGC@FCFFBD@D@" +
  "GFFFFEE@A@BGFIGE@EGGEDAG@DIEFDHD@AE@ABC@HDCCEEI@CA@@HEEDIDFCG@AFEDFEBDHDEFF@CAGCDFICBAH@DGCAHE@BFFFECCF@" +
  "HFEFIBBEGACEFAHGABEDFBCCC@FBGHHFHAFAEDCDGD@BGHFDABC@DDFEBFEBDADFGHFF@HFFFFFBA@HAFFHDCEF@DGDAHF@GGFFCA@E@" +
  "DBGEFDDBE@@GECDEBDEDJ@@C@@GCEEIDG@G@EDFEGDCFFGFCABE@FDFDHCCFG@EDEDFFBDGIFCD@FBHBFCHDAHHBBECAHD@GFEF@CBEB" +
  "DEEEFEF@F@AGGHAH@HHG@A@D@AHBECJDCBH@@DGCFC@BEDC@@A@@HBDCHABHI@BDEFGBBGFBA@E@@@FDGEHFDEG@CEEBCHBEEHEB@GDB" +
  "EDDBFACAE@CGHGFH@GIGD@CABBHCDDJBCFG@CGCAGB@BDBE@A@EE";

/** Bits per letter pair that `first` then `second` (lower-case ASCII letters) is English rather than random. */
export function letterPairScore(first: number, second: number): number {
  return TABLE.charCodeAt((first - 97) * 26 + (second - 97)) - 0x46;
}
