import { ErrorCode } from '../../../lambdas/domain/errors';
import { errorMessageCodes, initialLanguage, translator } from '../../../web/src/i18n';

/** Codes of API.md v2 that may not be in this server's ErrorCode yet; the page must explain them all the same. */
const contractV2Codes = ['CHALLENGE_REQUIRED', 'CHALLENGE_FAILED', 'TOKEN_NOT_FOUND', 'RESERVATION_NOT_REFUNDABLE'];

describe('translator', () => {
  it.each(['en', 'ko'] as const)('has a message of its own in %s for every error code of the contract', (language) => {
    const codes = [...new Set([...Object.values(ErrorCode), ...contractV2Codes])];
    expect(codes.filter((code) => !errorMessageCodes[language].includes(code))).toEqual([]);
  });

  it('fills placeholders and formats won and durations per language', () => {
    expect(translator('en').text('hello', { name: 'Ari' })).toBe('Hello, Ari');
    expect(translator('en').won(150000)).toBe('150,000 won');
    expect(translator('ko').won(150000)).toBe('150,000원');
    expect(translator('en').duration(125)).toBe('2 min 5 s');
    expect(translator('ko').duration(3 * 3600 + 60)).toBe('3시간 1분');
  });

  it('starts in the language chosen before, else Korean for a Korean browser, else English', () => {
    expect(initialLanguage('en', 'ko-KR')).toBe('en');
    expect(initialLanguage(undefined, 'ko-KR')).toBe('ko');
    expect(initialLanguage(undefined, 'de-DE')).toBe('en');
  });

  it('falls back to the generic message for a code it does not know', () => {
    expect(translator('en').error('SOMETHING_NEW')).toBe(translator('en').error('INTERNAL_ERROR'));
  });
});
