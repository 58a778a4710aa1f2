/** The emotional attributes the corpus labels and the models predict, and each one's column in the labels CSV: the one list. */
export const ATTRIBUTES = ['arousal', 'valence', 'dominance'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];
export const LABEL_COLUMN: Record<Attribute, 'EmoAct' | 'EmoVal' | 'EmoDom'> = { arousal: 'EmoAct', valence: 'EmoVal', dominance: 'EmoDom' };
