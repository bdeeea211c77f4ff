/*
 * Syntax of a D provider file as real projects write them: providers, typedefs, struct
 * declarations and preprocessor lines, in any order. Deliberately flat: no rule calls itself, and
 * nesting (pointers, struct bodies) is a repetition, so no input can make the parser recurse deeply.
 * Meaning (type names, aliases, reserved names) is assigned later, after parsing.
 */
parser grammar DParser;

options { tokenVocab = DLexer; }

file
	: (provider | typedefDeclaration | structDeclaration | enumDeclaration | translatorDeclaration
		| inlineDeclaration | directive)* EOF
	;

// The ';' after '}' is optional here so that its absence can be told apart at the end of the file
// (accepted with a warning) and before more declarations (an error); see DefinitionBuilder.
provider
	: PROVIDER name=definitionName LBRACE (probe | directive)* close=RBRACE SEMI?
	;

probe
	: PROBE name=definitionName LPAREN arguments=parameterList? RPAREN
		(COLON LPAREN translated=parameterList? RPAREN)? SEMI
	;

// 'provider' and 'probe' are accepted here so that validation can say they are reserved.
definitionName
	: ID | PROVIDER | PROBE
	;

parameterList
	: parameter (COMMA parameter)*
	;

// 'char *path', 'const char *', 'int fd', 'unsigned long long': whether a trailing word without
// a pointer is a parameter name is decided by the type resolver, which knows the C keywords.
// 'void (*callback)(void *)' is a function pointer: a pointer argument like any other.
parameter
	: specifier+ ((pointer+ name=ID?)? arraySuffix* | pointer* LPAREN pointer+ name=ID? RPAREN functionParameters)
	;

specifier
	: (CONST | VOLATILE)                   # qualifierSpecifier
	| kind=(STRUCT | UNION | ENUM) tag=ID  # taggedSpecifier
	| ID                                   # wordSpecifier
	;

pointer
	: STAR (CONST | VOLATILE)*
	;

arraySuffix
	: LBRACKET ID? RBRACKET
	;

typedefDeclaration
	: TYPEDEF (structDefinition | enumDefinition | specifier+) pointer*
		(name=ID arraySuffix* | LPAREN pointer+ name=ID RPAREN functionParameters) SEMI
	;

// The parameters of a function pointer are never interpreted: read as balanced parentheses,
// nested at most three deep (a callback that takes a callback that takes a callback).
functionParameters
	: LPAREN (~(LPAREN | RPAREN | LBRACE | RBRACE | SEMI | HASH) | nestedParameters)* RPAREN
	;

nestedParameters
	: LPAREN (~(LPAREN | RPAREN | LBRACE | RBRACE | SEMI | HASH) | innermostParameters)* RPAREN
	;

innermostParameters
	: LPAREN (~(LPAREN | RPAREN | LBRACE | RBRACE | SEMI | HASH))* RPAREN
	;

structDeclaration
	: structDefinition SEMI
	;

// Only a pointer to a struct can be passed, so the members are read but not interpreted. Three
// levels of nested braces (Tcl's Tcl_Obj has a struct in a union in the struct) are allowed
// without making a rule recursive.
structDefinition
	: kind=(STRUCT | UNION) tag=ID? LBRACE (structMember | directive)* RBRACE
	;

structMember
	: (~(LBRACE | RBRACE | SEMI | HASH) | nestedBody)+ SEMI
	;

nestedBody
	: LBRACE (~(LBRACE | RBRACE) | innerBody)* RBRACE
	;

innerBody
	: LBRACE (~(LBRACE | RBRACE) | innermostBody)* RBRACE
	;

innermostBody
	: LBRACE (~(LBRACE | RBRACE))* RBRACE
	;

// 'enum codes { A = 0, B };': the constants are for D scripts; an enum argument is an int.
enumDeclaration
	: enumDefinition SEMI
	;

enumDefinition
	: ENUM tag=ID? LBRACE (~(LBRACE | RBRACE | HASH) | directive)* RBRACE
	;

// 'translator T < S *s > { member = expression; };' and 'inline TYPE NAME = expression;' belong
// in D libraries, not provider files, but some files carry them: skipped as balanced text.
translatorDeclaration
	: TRANSLATOR (~(LBRACE | SEMI | HASH))* LBRACE (~(LBRACE | RBRACE) | innermostBody)* RBRACE SEMI
	;

inlineDeclaration
	: INLINE (~(SEMI | LBRACE | RBRACE | HASH))* SEMI
	;

directive
	: HASH directiveBody (DIRECTIVE_END | EOF)
	;

directiveBody
	: DEFINE name=ID specifier+ pointer*                                             # defineDirective
	| PRAGMA d=ID attributes=ID stability SLASH stability SLASH dependencyClass
		scopeProvider=ID providerName=ID scope=ID                                     # attributesDirective
	| (~(DIRECTIVE_END | UNTERMINATED_COMMENT))*                                                             # otherDirective
	;

stability
	: ID
	;

dependencyClass
	: ID
	;
