// Chosen to match the code as it was written: long lines (p99 156 characters), single quotes, trailing
// commas, `(x) =>`; of the widths tried (100-200), 180 reformats the fewest lines.
export default {
  printWidth: 180,
  singleQuote: true,
  trailingComma: 'all',
  quoteProps: 'preserve',
};
