# TY_SONAME(PREFIX, LIBNAME, LIBS)
# -----------------------------------------------------------------------------------------
# Link a program with LIBS, read the soname of libLIBNAME among what it needs, and define
# TY_PREFIX_SONAME (e.g. "libpoppler-glib.so.8") and TY_PREFIX_PACKAGE (the Debian package
# that holds that file, or "" where dpkg cannot tell), for src/base/dynlib.c to dlopen.
AC_DEFUN([TY_SONAME], [
  AC_MSG_CHECKING([the soname of lib$2])
  ty_soname_save_LIBS=$LIBS
  LIBS="-Wl,--no-as-needed $3 $LIBS"
  ty_soname=
  AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
    [ty_soname=`$READELF -d conftest$EXEEXT 2>/dev/null | \
       sed -n 's/.*(NEEDED).*\@<:@\(lib$2\.so@<:@^@:>@@:>@*\)\@:>@.*/\1/p' | sed -n 1p`])
  LIBS=$ty_soname_save_LIBS
  AS_IF([test -z "$ty_soname"],
    [AC_MSG_ERROR([cannot find the soname of lib$2 among what $3 links])])
  AC_MSG_RESULT([$ty_soname])
  ty_soname_pkg=`dpkg-query -S "*/$ty_soname" 2>/dev/null | sed -n '1s/:.*//p'`
  AC_DEFINE_UNQUOTED([TY_$1_SONAME], ["$ty_soname"], [the soname of lib$2, loaded on first use])
  AC_DEFINE_UNQUOTED([TY_$1_PACKAGE], ["$ty_soname_pkg"], [the Debian package of lib$2])
])
