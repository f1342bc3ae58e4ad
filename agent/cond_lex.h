/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lexical rules of Falco conditions.  The grammar is context
 * sensitive (a bare string is only a token where a value is expected),
 * so the parser asks for the token kind it expects next and each
 * function here either consumes one such token or leaves the cursor.
 */
#ifndef VIGIL_COND_LEX_H
#define VIGIL_COND_LEX_H

#include <stdbool.h>
#include <stddef.h>

#define COND_TOK_MAX	(64 * 1024)

struct cond_lexer {
	const char *s;
	size_t len;
	size_t i;
	/* The last token, unescaped for quoted strings. */
	size_t tok_start;
	size_t tok_len;
	char *buf;			/* COND_TOK_MAX bytes for unescaped strings */
	size_t buf_len;
	const char *err;		/* set when a token is malformed */
};

bool cond_lex_blank(struct cond_lexer *lx);
bool cond_lex_str(struct cond_lexer *lx, const char *word);
bool cond_lex_word(struct cond_lexer *lx, const char *word);
bool cond_lex_field_name(struct cond_lexer *lx);
bool cond_lex_identifier(struct cond_lexer *lx);
bool cond_lex_hex(struct cond_lexer *lx);
bool cond_lex_number(struct cond_lexer *lx);
bool cond_lex_quoted(struct cond_lexer *lx);
bool cond_lex_bare(struct cond_lexer *lx);
bool cond_lex_field_arg_bare(struct cond_lexer *lx);
bool cond_lex_at_end(const struct cond_lexer *lx);

#endif /* VIGIL_COND_LEX_H */
