/*
 * Tokens of a D provider file. Preprocessor lines ('#...') are lexed in their own mode, so that
 * '#define NAME TYPE' and '#pragma D attributes' reach the parser as tokens while every other
 * directive is a run of tokens the parser ignores. No rule can fail: an unknown character becomes
 * an ERROR_CHAR token, so every problem is reported by the parser with its context.
 */
lexer grammar DLexer;

PROVIDER : 'provider' ;
PROBE : 'probe' ;
TYPEDEF : 'typedef' ;
CONST : 'const' | '__const' | '__const__' ;
VOLATILE : 'volatile' | '__volatile' | '__volatile__' ;
// C99's pointer qualifier: it says nothing about the value, so it counts as a qualifier.
RESTRICT : ('restrict' | '__restrict' | '__restrict__') -> type(CONST) ;
STRUCT : 'struct' ;
UNION : 'union' ;
ENUM : 'enum' ;
// D library declarations that some provider files carry along (read, never interpreted).
TRANSLATOR : 'translator' ;
INLINE : 'inline' ;

LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
SEMI : ';' ;
COMMA : ',' ;
COLON : ':' ;
STAR : '*' ;

// GCC's '__attribute__((packed))', '__attribute__((aligned (8)))' on a typedef or struct: it
// changes no argument's kind, so it is dropped (one level of parentheses inside is allowed).
GCC_ATTRIBUTE : ('__attribute__' | '__attribute') [ \t\r\n]* '(' [ \t\r\n]* '(' (~[()] | '(' ~[()]* ')')* ')' [ \t\r\n]* ')' -> skip ;
GCC_EXTENSION : '__extension__' -> skip ;

// Wider than a C identifier on purpose: 'order-placed' or '1st' become one token, so validation
// can say why the name is wrong instead of the parser reporting a stray character.
ID : [A-Za-z0-9_]+ ('-' [A-Za-z0-9_]+)* ;

HASH : '#' -> pushMode(DIRECTIVE) ;

// Only found in translator and inline bodies; lexed whole so that a '}' or '/*' inside is no token.
STRING_LITERAL : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
CHAR_LITERAL : '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\'' ;

WS : [ \t\r\n\f\u000B]+ -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
LINE_COMMENT : '//' ~[\r\n]* -> skip ;
// Cannot run through a '*/', so it only matches a comment that is never closed (and stays linear).
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF ;

ERROR_CHAR : . ;

mode DIRECTIVE;

DIRECTIVE_END : '\r'? '\n' -> popMode ;
D_CONTINUATION : '\\' '\r'? '\n' -> skip ;
D_WS : [ \t\f\u000B\r]+ -> skip ;
D_BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
D_LINE_COMMENT : '//' ~[\r\n]* -> skip ;
D_UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF -> type(UNTERMINATED_COMMENT) ;
DEFINE : 'define' ;
PRAGMA : 'pragma' ;
D_CONST : 'const' -> type(CONST) ;
D_VOLATILE : 'volatile' -> type(VOLATILE) ;
D_STRUCT : 'struct' -> type(STRUCT) ;
D_UNION : 'union' -> type(UNION) ;
D_ENUM : 'enum' -> type(ENUM) ;
D_WORD : [A-Za-z0-9_]+ -> type(ID) ;
D_STAR : '*' -> type(STAR) ;
SLASH : '/' ;
DIRECTIVE_TEXT : ~[A-Za-z0-9_*/ \t\f\u000B\r\n\\]+ | '\\' ;
