dnl NO16KDMIC comes from the file that includes this one
ifdef(NO16KDMIC, `', `define(`DMIC16K', 1)')
