// The server's rules for login ids and passwords (platform/auth in the server package), repeated
// here so a form can explain a problem before sending. The server remains the judge.

export const MIN_PASSWORD_LENGTH = 12;

export const LOGIN_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export const LOGIN_ID_RULE_MESSAGE =
  'ログインIDは半角の英小文字・数字・記号（. _ -）の2〜64文字で、英小文字か数字で始めてください。';

export const PASSWORD_RULE_HINT = `${MIN_PASSWORD_LENGTH}文字以上にしてください。`;

/** A Japanese message when the password is too short, or undefined when it is long enough. */
export function passwordLengthProblem(password: string): string | undefined {
  return password.length < MIN_PASSWORD_LENGTH
    ? `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください（いまは${password.length}文字です）。`
    : undefined;
}
