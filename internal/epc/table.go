package epc

// Conversion is one row of the table: every character of From becomes To.
type Conversion struct {
	From string
	To   string
	// Title replaces To before a lower-case letter, for a capital that becomes several
	// letters: "Æble" is "Aeble", "ÆRØ" is "AERO".
	Title string
	// Source is EPC217 when the row is EPC217-08's conversion, otherwise why we differ
	// from it or convert what it does not list.
	Source string
}

// EPC217 marks a row taken from the SEPA Conversion Table of EPC217-08.
const EPC217 = "EPC217-08"

// Why we differ from EPC217-08, or add to it.
const (
	whyReserved  = "DK rules for SEPA (German banks); EPC217-08 leaves out XML's reserved characters"
	whyQuotes    = "typographic quotes, guillemets, primes and the acute accent typed as an apostrophe: the basic set's one quote"
	whyDashes    = "dashes and the minus sign: the basic set's hyphen"
	whySpaces    = "spaces of other widths, as EPC217-08 does the no-break space"
	whyEllipsis  = "the ellipsis as the three dots it stands for"
	whyBase      = "the base letter; EPC217-08 lists no letter for it (or, for ĥ and ħ, an i)"
	whyBothOf    = "both letters of the ligature; EPC217-08 keeps only the first"
	whySharpS    = "ss, as German spelling replaces ß and the DK rules allow; EPC217-08 has s"
	whyThorn     = "th, the letter's sound and its usual transcription; EPC217-08 has b and p, by shape"
	whyCyrillicA = "я as ya, like Я; EPC217-08 has a, a slip in its table"
)

// Table is the conversion into the basic set. A character appears in one row only, and
// never one of the basic set; every To and Title is made of basic characters.
var Table = []Conversion{
	// Basic Latin: punctuation outside the set.
	{From: "&", To: "+", Source: whyReserved},
	{From: `"`, To: "'", Source: whyReserved},
	{From: "!#$%*<=>@^", To: ".", Source: EPC217},
	{From: ";", To: ",", Source: EPC217},
	{From: "[{", To: "(", Source: EPC217},
	{From: "]}", To: ")", Source: EPC217},
	{From: `\|`, To: "/", Source: EPC217},
	{From: "_~", To: "-", Source: EPC217},
	{From: "`", To: "'", Source: EPC217},

	// Latin-1 Supplement: symbols.
	{From: "\u00a0", To: " ", Source: EPC217},
	{From: "¡¢£¤¥¦§¨©ª¬\u00ad®¯°±²³µ¶·¸¹º¼½¾×÷", To: ".", Source: EPC217},
	{From: "¿", To: "?", Source: EPC217},

	// Latin letters with diacritics: the base letter.
	{From: "ÀÁÂÃÄÅĀĂĄ", To: "A", Source: EPC217},
	{From: "àáâãäåāăą", To: "a", Source: EPC217},
	{From: "ÇĆĈĊČ", To: "C", Source: EPC217},
	{From: "çćĉċč", To: "c", Source: EPC217},
	{From: "ĎĐ", To: "D", Source: EPC217},
	{From: "ďđ", To: "d", Source: EPC217},
	{From: "ÈÉÊËĒĔĖĘĚ", To: "E", Source: EPC217},
	{From: "èéêëēĕėęě", To: "e", Source: EPC217},
	{From: "ĜĞĠĢ", To: "G", Source: EPC217},
	{From: "ĝğġģ", To: "g", Source: EPC217},
	{From: "ĤĦ", To: "H", Source: EPC217},
	{From: "ÌÍÎÏĨĪĬĮİ", To: "I", Source: EPC217},
	{From: "ìíîïĩīĭįı", To: "i", Source: EPC217},
	{From: "Ĵ", To: "J", Source: EPC217},
	{From: "ĵ", To: "j", Source: EPC217},
	{From: "Ķ", To: "K", Source: EPC217},
	{From: "ķ", To: "k", Source: EPC217},
	{From: "ĹĻĽĿŁ", To: "L", Source: EPC217},
	{From: "ĺļľŀł", To: "l", Source: EPC217},
	{From: "ÑŃŅŇ", To: "N", Source: EPC217},
	{From: "ñńņň", To: "n", Source: EPC217},
	{From: "ÒÓÔÕÖØŐ", To: "O", Source: EPC217},
	{From: "òóôõöøő", To: "o", Source: EPC217},
	{From: "ŔŖŘ", To: "R", Source: EPC217},
	{From: "ŕŗř", To: "r", Source: EPC217},
	{From: "ŚŜŞŠȘ", To: "S", Source: EPC217},
	{From: "śŝşšș", To: "s", Source: EPC217},
	{From: "ŢŤŦȚ", To: "T", Source: EPC217},
	{From: "ţťŧț", To: "t", Source: EPC217},
	{From: "ÙÚÛÜŨŪŬŮŰŲ", To: "U", Source: EPC217},
	{From: "ùúûüũūŭůűų", To: "u", Source: EPC217},
	{From: "Ŵ", To: "W", Source: EPC217},
	{From: "ŵ", To: "w", Source: EPC217},
	{From: "ÝŶŸ", To: "Y", Source: EPC217},
	{From: "ýÿŷ", To: "y", Source: EPC217},
	{From: "ŹŻŽ", To: "Z", Source: EPC217},
	{From: "źżž", To: "z", Source: EPC217},
	{From: "ĥħ", To: "h", Source: whyBase},
	{From: "Ð", To: "D", Source: whyBase},
	{From: "ð", To: "d", Source: whyBase},
	{From: "Ŋ", To: "N", Source: whyBase},
	{From: "ŋ", To: "n", Source: whyBase},
	{From: "ŌŎ", To: "O", Source: whyBase},
	{From: "ōŏ", To: "o", Source: whyBase},
	{From: "Æ", To: "AE", Title: "Ae", Source: whyBothOf},
	{From: "æ", To: "ae", Source: whyBothOf},
	{From: "Œ", To: "OE", Title: "Oe", Source: whyBothOf},
	{From: "œ", To: "oe", Source: whyBothOf},
	{From: "Ĳ", To: "IJ", Source: whyBothOf},
	{From: "ĳ", To: "ij", Source: whyBothOf},
	{From: "ß", To: "ss", Source: whySharpS},
	{From: "ẞ", To: "SS", Source: whySharpS},
	{From: "Þ", To: "TH", Title: "Th", Source: whyThorn},
	{From: "þ", To: "th", Source: whyThorn},

	// Punctuation EPC217-08 does not list, and the euro sign it does.
	{From: "«»´‘’‚‛“”„‟‹›′″", To: "'", Source: whyQuotes},
	{From: "‐‑‒–—―−", To: "-", Source: whyDashes},
	{From: "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f", To: " ", Source: whySpaces},
	{From: "…", To: "...", Source: whyEllipsis},
	{From: "€", To: "E", Source: EPC217},

	// Greek, as EPC217-08 transliterates it: one letter at a time, accents dropped.
	{From: "ΑΆ", To: "A", Source: EPC217},
	{From: "αά", To: "a", Source: EPC217},
	{From: "Β", To: "V", Source: EPC217},
	{From: "β", To: "v", Source: EPC217},
	{From: "Γ", To: "G", Source: EPC217},
	{From: "γ", To: "g", Source: EPC217},
	{From: "Δ", To: "D", Source: EPC217},
	{From: "δ", To: "d", Source: EPC217},
	{From: "ΕΈ", To: "E", Source: EPC217},
	{From: "εέ", To: "e", Source: EPC217},
	{From: "Ζ", To: "Z", Source: EPC217},
	{From: "ζ", To: "z", Source: EPC217},
	{From: "ΗΉΙΊΪ", To: "I", Source: EPC217},
	{From: "ηήιίϊΐ", To: "i", Source: EPC217},
	{From: "Θ", To: "TH", Title: "Th", Source: EPC217},
	{From: "θ", To: "th", Source: EPC217},
	{From: "Κ", To: "K", Source: EPC217},
	{From: "κ", To: "k", Source: EPC217},
	{From: "Λ", To: "L", Source: EPC217},
	{From: "λ", To: "l", Source: EPC217},
	{From: "Μ", To: "M", Source: EPC217},
	{From: "μ", To: "m", Source: EPC217},
	{From: "Ν", To: "N", Source: EPC217},
	{From: "ν", To: "n", Source: EPC217},
	{From: "Ξ", To: "X", Source: EPC217},
	{From: "ξ", To: "x", Source: EPC217},
	{From: "ΟΌΩΏ", To: "O", Source: EPC217},
	{From: "οόωώ", To: "o", Source: EPC217},
	{From: "Π", To: "P", Source: EPC217},
	{From: "π", To: "p", Source: EPC217},
	{From: "Ρ", To: "R", Source: EPC217},
	{From: "ρ", To: "r", Source: EPC217},
	{From: "Σ", To: "S", Source: EPC217},
	{From: "σς", To: "s", Source: EPC217},
	{From: "Τ", To: "T", Source: EPC217},
	{From: "τ", To: "t", Source: EPC217},
	{From: "ΥΎΫ", To: "Y", Source: EPC217},
	{From: "υύϋΰ", To: "y", Source: EPC217},
	{From: "Φ", To: "F", Source: EPC217},
	{From: "φ", To: "f", Source: EPC217},
	{From: "Χ", To: "CH", Title: "Ch", Source: EPC217},
	{From: "χ", To: "ch", Source: EPC217},
	{From: "Ψ", To: "PS", Title: "Ps", Source: EPC217},
	{From: "ψ", To: "ps", Source: EPC217},

	// The Bulgarian Cyrillic alphabet, as EPC217-08 transliterates it. Other Cyrillic
	// letters (Ё, Ы, Э, Є, І, Ї, Ґ, Ђ, Ј, Љ, Њ, Ћ, Џ, ...) have no row there, so none here.
	{From: "АЪ", To: "A", Source: EPC217},
	{From: "аъ", To: "a", Source: EPC217},
	{From: "Б", To: "B", Source: EPC217},
	{From: "б", To: "b", Source: EPC217},
	{From: "В", To: "V", Source: EPC217},
	{From: "в", To: "v", Source: EPC217},
	{From: "Г", To: "G", Source: EPC217},
	{From: "г", To: "g", Source: EPC217},
	{From: "Д", To: "D", Source: EPC217},
	{From: "д", To: "d", Source: EPC217},
	{From: "Е", To: "E", Source: EPC217},
	{From: "е", To: "e", Source: EPC217},
	{From: "Ж", To: "ZH", Title: "Zh", Source: EPC217},
	{From: "ж", To: "zh", Source: EPC217},
	{From: "З", To: "Z", Source: EPC217},
	{From: "з", To: "z", Source: EPC217},
	{From: "И", To: "I", Source: EPC217},
	{From: "и", To: "i", Source: EPC217},
	{From: "ЙЬ", To: "Y", Source: EPC217},
	{From: "йь", To: "y", Source: EPC217},
	{From: "К", To: "K", Source: EPC217},
	{From: "к", To: "k", Source: EPC217},
	{From: "Л", To: "L", Source: EPC217},
	{From: "л", To: "l", Source: EPC217},
	{From: "М", To: "M", Source: EPC217},
	{From: "м", To: "m", Source: EPC217},
	{From: "Н", To: "N", Source: EPC217},
	{From: "н", To: "n", Source: EPC217},
	{From: "О", To: "O", Source: EPC217},
	{From: "о", To: "o", Source: EPC217},
	{From: "П", To: "P", Source: EPC217},
	{From: "п", To: "p", Source: EPC217},
	{From: "Р", To: "R", Source: EPC217},
	{From: "р", To: "r", Source: EPC217},
	{From: "С", To: "S", Source: EPC217},
	{From: "с", To: "s", Source: EPC217},
	{From: "Т", To: "T", Source: EPC217},
	{From: "т", To: "t", Source: EPC217},
	{From: "У", To: "U", Source: EPC217},
	{From: "у", To: "u", Source: EPC217},
	{From: "Ф", To: "F", Source: EPC217},
	{From: "ф", To: "f", Source: EPC217},
	{From: "Х", To: "H", Source: EPC217},
	{From: "х", To: "h", Source: EPC217},
	{From: "Ц", To: "TS", Title: "Ts", Source: EPC217},
	{From: "ц", To: "ts", Source: EPC217},
	{From: "Ч", To: "CH", Title: "Ch", Source: EPC217},
	{From: "ч", To: "ch", Source: EPC217},
	{From: "Ш", To: "SH", Title: "Sh", Source: EPC217},
	{From: "ш", To: "sh", Source: EPC217},
	{From: "Щ", To: "SHT", Title: "Sht", Source: EPC217},
	{From: "щ", To: "sht", Source: EPC217},
	{From: "Ю", To: "YU", Title: "Yu", Source: EPC217},
	{From: "ю", To: "yu", Source: EPC217},
	{From: "Я", To: "YA", Title: "Ya", Source: EPC217},
	{From: "я", To: "ya", Source: whyCyrillicA},
}
