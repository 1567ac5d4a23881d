package io.conduit.source.whatsapp;

/** Order of the day, month and year fields in an export's timestamps. */
enum DateOrder {
    /** Day, month, year: {@code 20/01/19}. */
    DMY,
    /** Month, day, year: {@code 01/20/19}. */
    MDY,
    /** Year, month, day: {@code 2019-01-20}. */
    YMD
}
