// Package epc converts text into the EPC basic character set, the only characters a
// SEPA credit transfer may carry unless the banks agree otherwise (EPC217-08, "SEPA
// Requirements for an Extended Character Set (UNICODE Subset) - Best Practices"):
//
//	a-z A-Z 0-9 / - ? : ( ) . , ' + and space
//
// Table is the one conversion table: each listed character becomes its replacement.
// It follows the SEPA Conversion Table of EPC217-08 and says where and why it differs
// (docs/epc-charset.md shows it, generated from Table). Characters of the basic set
// stay as they are; a combining accent (U+0300-U+036F) after a letter is dropped, as
// its precomposed letter would lose it. Every other character has no conversion:
// control characters, letters of scripts the table does not cover (CJK, Arabic, Cyrillic
// letters outside the Bulgarian alphabet, ...), emoji and symbols the table does not
// list. Callers reject text holding one, naming it, rather than drop or guess it.
//
// Greek and the Bulgarian Cyrillic alphabet are converted: EPC217-08's table
// transliterates both (Greece and Bulgaria are in SEPA), letter by letter.
package epc
