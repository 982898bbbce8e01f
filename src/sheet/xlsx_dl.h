/*
 * xlsx_dl.h — libxlsxwriter loaded on first use (base/dynlib.h says why and how).
 * Include it instead of <xlsxwriter.h>; the sheet writer loads it.
 */
#ifndef TY_XLSX_DL_H
#define TY_XLSX_DL_H

#include <xlsxwriter.h>

#include "base/dynlib.h"

#define TY__XLSX_FUNCS(X) \
    X(format_set_align) X(format_set_bold) X(format_set_font_charset) \
    X(format_set_font_name) X(format_set_num_format) X(format_set_text_wrap) X(lxw_strerror) \
    X(workbook_add_format) X(workbook_add_worksheet) X(workbook_close) X(workbook_new) \
    X(worksheet_data_validation_range) X(worksheet_freeze_panes) X(worksheet_set_column) \
    X(worksheet_write_number) X(worksheet_write_string)

TY__DYNLIB_DECLARE(xlsx, TY__XLSX_FUNCS)

#ifndef TY__XLSX_DL_SELF
#define format_set_align (ty__xlsx.format_set_align)
#define format_set_bold (ty__xlsx.format_set_bold)
#define format_set_font_charset (ty__xlsx.format_set_font_charset)
#define format_set_font_name (ty__xlsx.format_set_font_name)
#define format_set_num_format (ty__xlsx.format_set_num_format)
#define format_set_text_wrap (ty__xlsx.format_set_text_wrap)
#define lxw_strerror (ty__xlsx.lxw_strerror)
#define workbook_add_format (ty__xlsx.workbook_add_format)
#define workbook_add_worksheet (ty__xlsx.workbook_add_worksheet)
#define workbook_close (ty__xlsx.workbook_close)
#define workbook_new (ty__xlsx.workbook_new)
#define worksheet_data_validation_range (ty__xlsx.worksheet_data_validation_range)
#define worksheet_freeze_panes (ty__xlsx.worksheet_freeze_panes)
#define worksheet_set_column (ty__xlsx.worksheet_set_column)
#define worksheet_write_number (ty__xlsx.worksheet_write_number)
#define worksheet_write_string (ty__xlsx.worksheet_write_string)
#endif

#endif
