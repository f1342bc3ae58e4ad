// SPDX-License-Identifier: GPL-2.0
/*
 * Token recognisers for Falco conditions, following libsinsp's lexical
 * rules: field names need a dot, bare strings stop at blanks, quotes,
 * parentheses, '=' and ','; quoted strings end at an unescaped delimiter
 * and accept the escapes \b \f \n \r \t \\ \/ and the matching quote.
 */
#include <string.h>

#include "cond_lex.h"

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word(char c)
{
	return is_alpha(c) || is_digit(c) || c == '_';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char peek(const struct cond_lexer *lx, size_t k)
{
	return lx->i + k < lx->len ? lx->s[lx->i + k] : '\0';
}

static bool tok(struct cond_lexer *lx, size_t start)
{
	lx->tok_start = start;
	lx->tok_len = lx->i - start;
	lx->buf_len = 0;
	return lx->i > start;
}

bool cond_lex_at_end(const struct cond_lexer *lx)
{
	return lx->i >= lx->len;
}

bool cond_lex_blank(struct cond_lexer *lx)
{
	bool found = false;

	while (lx->i < lx->len && (is_space(lx->s[lx->i]) || lx->s[lx->i] == '\b')) {
		lx->i++;
		found = true;
	}
	return found;
}

bool cond_lex_str(struct cond_lexer *lx, const char *word)
{
	size_t n = strlen(word);

	if (lx->len - lx->i < n || memcmp(lx->s + lx->i, word, n))
		return false;
	lx->i += n;
	return tok(lx, lx->i - n);
}

/* An operator word: only if no identifier character follows it. */
bool cond_lex_word(struct cond_lexer *lx, const char *word)
{
	size_t n = strlen(word);

	if (lx->len - lx->i < n || memcmp(lx->s + lx->i, word, n))
		return false;
	if (lx->i + n < lx->len && is_word(lx->s[lx->i + n]))
		return false;
	lx->i += n;
	return tok(lx, lx->i - n);
}

static bool lex_segment(struct cond_lexer *lx)
{
	if (!is_alpha(peek(lx, 0)))
		return false;
	while (is_word(peek(lx, 0)))
		lx->i++;
	return true;
}

bool cond_lex_field_name(struct cond_lexer *lx)
{
	size_t start = lx->i;
	int dots = 0;

	if (!lex_segment(lx))
		return false;
	while (peek(lx, 0) == '.' && is_alpha(peek(lx, 1))) {
		lx->i++;
		lex_segment(lx);
		dots++;
	}
	if (!dots) {
		lx->i = start;
		return false;
	}
	return tok(lx, start);
}

bool cond_lex_identifier(struct cond_lexer *lx)
{
	size_t start = lx->i;

	if (!lex_segment(lx))
		return false;
	return tok(lx, start);
}

bool cond_lex_hex(struct cond_lexer *lx)
{
	size_t start = lx->i;

	if (peek(lx, 0) != '0' || (peek(lx, 1) != 'x' && peek(lx, 1) != 'X') ||
	    !(is_alpha(peek(lx, 2)) || is_digit(peek(lx, 2))))
		return false;
	lx->i += 2;
	while (is_alpha(peek(lx, 0)) || is_digit(peek(lx, 0)))
		lx->i++;
	return tok(lx, start);
}

bool cond_lex_number(struct cond_lexer *lx)
{
	size_t start = lx->i;

	if (peek(lx, 0) == '+' || peek(lx, 0) == '-')
		lx->i++;
	if (!is_digit(peek(lx, 0))) {
		lx->i = start;
		return false;
	}
	while (is_digit(peek(lx, 0)))
		lx->i++;
	if (peek(lx, 0) == '.')
		lx->i++;
	while (is_digit(peek(lx, 0)))
		lx->i++;
	if ((peek(lx, 0) == 'e' || peek(lx, 0) == 'E') &&
	    (peek(lx, 1) == '+' || peek(lx, 1) == '-') && is_digit(peek(lx, 2))) {
		lx->i += 2;
		while (is_digit(peek(lx, 0)))
			lx->i++;
	}
	return tok(lx, start);
}

/*
 * libsinsp ends a quoted string at the first delimiter not preceded by
 * a backslash, then unescapes the body; we do the same so that strings
 * mean what they mean in Falco.
 */
bool cond_lex_quoted(struct cond_lexer *lx)
{
	char delim = peek(lx, 0), prev = '\\';
	size_t start = lx->i, j, end = 0;
	bool found = false;

	if (delim != '\'' && delim != '"')
		return false;
	for (j = lx->i; j < lx->len; j++) {
		if (lx->s[j] == delim && prev != '\\') {
			end = j;
			found = true;
			break;
		}
		prev = lx->s[j];
	}
	if (!found)
		return false;
	lx->buf_len = 0;
	for (j = start + 1; j < end; j++) {
		char c = lx->s[j];

		if (lx->buf_len >= COND_TOK_MAX) {
			lx->err = "quoted string too long";
			return false;
		}
		if (c == '\\') {
			j++;
			switch (lx->s[j]) {
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'n':
				c = '\n';
				break;
			case 'r':
				c = '\r';
				break;
			case 't':
				c = '\t';
				break;
			case ' ':	/* libsinsp reads "\ " as a backslash */
			case '\\':
				c = '\\';
				break;
			case '/':
				c = '/';
				break;
			case '"':
			case '\'':
				if (lx->s[j] != delim) {
					lx->err = delim == '"' ? "invalid \\' escape in \"-quoted string" :
						  "invalid \\\" escape in '-quoted string";
					return false;
				}
				c = delim;
				break;
			default:
				lx->err = "unsupported string escape sequence";
				return false;
			}
		}
		lx->buf[lx->buf_len++] = c;
	}
	lx->i = end + 1;
	lx->tok_start = start;
	lx->tok_len = lx->i - start;
	return true;
}

bool cond_lex_bare(struct cond_lexer *lx)
{
	size_t start = lx->i;
	char c;

	while (lx->i < lx->len) {
		c = lx->s[lx->i];
		if (is_space(c) || c == '(' || c == ')' || c == '"' || c == '\'' ||
		    c == '=' || c == ',' || c == '\0')
			break;
		lx->i++;
	}
	return tok(lx, start);
}

bool cond_lex_field_arg_bare(struct cond_lexer *lx)
{
	size_t start = lx->i;
	char c;

	while (lx->i < lx->len) {
		c = lx->s[lx->i];
		if (is_space(c) || c == '[' || c == ']' || c == '"' || c == '\'' || c == '\0')
			break;
		lx->i++;
	}
	return tok(lx, start);
}
