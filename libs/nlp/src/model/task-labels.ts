/** The class labels of each task, in the column order every model of the project is exported with. */
export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export const STANCE_LABELS = ['none', 'against', 'favor'] as const;
