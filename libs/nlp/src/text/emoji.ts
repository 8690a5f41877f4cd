/**
 * Emoji and emoticons carry much of a tweet's sentiment but are sparse in the training data, so
 * besides the symbol itself the normaliser emits a polarity token shared by every symbol of the
 * same polarity (`emo_pos`, `emo_neg`): a rare emoji then still moves the score the right way.
 */

export type EmojiPolarity = 'emo_pos' | 'emo_neg';

const POSITIVE_EMOJI =
  '😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚☺🙂🤗🤩😻😸😹😺👍👌👏🙌💪🎉🎊✨🔥💯❤♥💕💖💗💓💞💘💝💙💚💛💜🧡🖤😇🤓😜😝😛🤪🥳🙏🌞☀🌹🌸🏆✅';
const NEGATIVE_EMOJI =
  '😞😒😔😟😕🙁☹😣😖😫😩🥺😢😭😤😠😡🤬😱😨😰😥😓🤢🤮😷🤕🤒💔👎😑😐😶🙄😬😪😴😵🤯😳😦😧😮💀☠😾😿🖕❌⚠';

function codePointSet(symbols: string): ReadonlySet<string> {
  return new Set(Array.from(symbols));
}

const POSITIVE = codePointSet(POSITIVE_EMOJI);
const NEGATIVE = codePointSet(NEGATIVE_EMOJI);

/** ASCII emoticons, matched before tokenisation because they are made of punctuation. */
export const EMOTICON_PATTERN =
  /(?:[<>]?[:;=8][\-o*']?[)\]dDpP}3]|[(\[{][\-o*']?[:;=8]|<3+|[:;=8][\-o*']?[(\[/\\|{@]|[)\]][\-o*']?[:;=8]|:'\(|\^_*\^|-_+-|x[dD])/y;

const NEGATIVE_EMOTICON = /^(?:[:;=8][\-o*']?[(\[/\\|{@]|[)\]][\-o*']?[:;=8]|:'\(|-_+-)$/;

/** Polarity of one emoji (a single pictographic code point), if it has a clear one. */
export function emojiPolarity(symbol: string): EmojiPolarity | undefined {
  if (POSITIVE.has(symbol)) return 'emo_pos';
  if (NEGATIVE.has(symbol)) return 'emo_neg';
  return undefined;
}

/** Polarity of an emoticon matched by EMOTICON_PATTERN: sad faces are negative, every other face positive. */
export function emoticonPolarity(emoticon: string): EmojiPolarity {
  return NEGATIVE_EMOTICON.test(emoticon) ? 'emo_neg' : 'emo_pos';
}
